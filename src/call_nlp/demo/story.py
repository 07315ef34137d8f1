"""Multi-sentence narrative notes: one coherent situation told in 25-90 words.

A story is a :class:`~call_nlp.demo.compose.Plan` like any other note, so it is
rendered, truncated and labeled the same way. It differs in what it contains: who is
calling and how they relate to the subject, the situation (one or two core phrases),
concrete behaviour, background history, something the subject said, who and what is
around, the caller's request, the risk and medical statements of the note's plan, and
often an appended update. Every sentence that is not about the label (voice, caller,
behaviour, history, surroundings, request, timing, neutral quotes) is drawn from
:mod:`call_nlp.demo.bank_story` with the same probabilities for every note.
"""

from __future__ import annotations

import random

from call_nlp.demo import bank_logistics as lg
from call_nlp.demo import bank_mental as bm
from call_nlp.demo import bank_story as st
from call_nlp.demo import compose as cp
from call_nlp.demo import dispatch
from call_nlp.demo.people import Cast, demographic_phrases, descriptor, draw_cast
from call_nlp.demo.phrasebook import Phrase, bank, pick, weighted
from call_nlp.demo.plans import medical_plan, positive_concepts, risk_plan

#: Share of behavioral notes that are stories (drawn before anything about the labels).
P_STORY = 0.32
#: Share of stories opened with protocol boilerplate (behavioral notes as a whole carry
#: protocol Q&A at the measured 11%, see compose.P_HEADER_SCALE).
P_HEADER = 0.1
#: How a story is told; drawn independently of the labels.
VOICES = {"shorthand": 0.3, "third": 0.33, "verbatim": 0.15, "professional": 0.22}
#: Professional callers: how they introduce themselves and name the subject.
PRO_ROLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "security": (("[Caller|RP] is [security|a security guard|the security officer] at {addr}", "[SECURITY|MALL SECURITY|SECURITY GUARD] CALLING"), ("a {mf}", "the {mf}", "subject")),
    "hotel": (("[Caller|RP] is the [night clerk|front desk clerk|manager] at [the motel|the hotel|the extended stay]", "[HOTEL CLERK|MOTEL DESK CLERK] CALLING"), ("a guest", "the guest in room {num}", "the guest")),
    "store": (("[Caller|RP] is the [store manager|assistant manager|shift lead] at [the grocery store|the pharmacy|the dollar store|the gas station]", "[STORE MGR|MANAGER] CALLING"), ("a customer", "the {mf}", "the customer")),
    "teacher": (("[Caller|RP] is a [teacher|school counselor|vice principal] at [the high school|the middle school|the alternative school]", "[SCHOOL COUNSELOR|TEACHER] CALLING"), ("a student", "the student", "the {mf}")),
    "nurse": (("[Caller|RP] is a [nurse|charge nurse|clinic nurse] at [the clinic|the dialysis center|the urgent care]", "[NURSE|RN] CALLING FROM CLINIC"), ("a patient", "the patient", "pt")),
    "caseworker": (("[Caller|RP] is {his} [case worker|case manager|social worker|outreach worker]", "[CASE MGR|CASE WORKER] CALLING"), ("{his} client", "the client", "client")),
    "bus": (("[Caller|RP] is a [bus driver|transit operator] [on route {num}|at the transit center|]", "[BUS DRIVER|TRANSIT OPERATOR] CALLING"), ("a passenger", "the passenger", "the {mf}")),
    "landlord": (("[Caller|RP] is the [landlord|property manager|building manager] at {addr}", "[LANDLORD|PROPERTY MGR] CALLING"), ("the tenant", "a tenant", "the tenant in {num}")),
    "shelter": (("[Caller|RP] is [staff|night staff|a staff member] at [the shelter|the group home|the youth shelter|the womens shelter]", "[SHELTER STAFF|GROUP HOME STAFF] CALLING"), ("a resident", "a client", "the resident")),
    "transit_pd": (("[Transit police|Transit PD|Station security] [calling|reporting] from [the light rail station|the transit center|the train platform]", "TRANSIT PD REQ ASSIST"), ("a {mf}", "subject", "the {mf}")),
}
#: Rough words per rendered phrase beyond its shortest form.
_SLACK = 1.6


def _pro_cast(rng: random.Random, cast: Cast) -> Phrase:
    """Turn ``cast`` into a professional caller's note; return the opener phrase."""
    role = pick(rng, tuple(PRO_ROLES))
    intros, nps = PRO_ROLES[role]
    cast.caller_kind, cast.caller_word = "other", role
    cast.subject_nps = (*nps, *nps[:1])
    cast.quote_nps = ("this guy" if cast.sex == "m" else "this lady" if cast.sex == "f" else "this person", cast.pronouns[0])
    return Phrase(pick(rng, intros))


def _opener(rng: random.Random, cast: Cast) -> Phrase:
    """Who is calling and how they relate to the subject (label-neutral)."""
    word = cast.caller_word
    if cast.caller_kind == "self":
        return Phrase(pick(rng, ("[Caller|RP] is calling about {himself}", "1ST PARTY CALLER", "[Caller|RP] is the [patient|subject]", "RP CALLING FOR {himself}")))
    if cast.caller_kind == "family":
        return Phrase(pick(rng, (f"[Caller|RP] is {{his}} {word}", f"RP IS SUBJ'S {word}", f"{word} calling", f"[Caller|RP] is the {word}")))
    return Phrase(pick(rng, (f"[Caller|RP] is a {word}", f"{word} calling", f"RP IS {word}", f"[Caller|RP] is the {word}")))


def story_length(rng: random.Random) -> float:
    """Target words: 22-84 before the fixed parts, median about 35."""
    return 22 + 62 * rng.random() ** 2.2


def _est(phrases: list[Phrase]) -> float:
    return sum(p.size * _SLACK + 1 for p in phrases)


def compose_story(rng: random.Random) -> cp.Plan:
    """Draw one narrative note's segments."""
    length = story_length(rng)
    voice = weighted(rng, VOICES)
    primary = weighted(rng, cp.PRIMARY_WEIGHTS)
    target = weighted(rng, cp.RISK_TARGET[primary])
    late: cp.Seg | None = None
    if primary == "suicide" and rng.random() < cp.P_WELFARE_OPEN:
        # Told as a welfare check; the suicidal content comes at the end.
        opening, late = cp.welfare_opening(rng)
        cores = [opening]
    else:
        bank_, weights = cp.BANKS[primary]
        group = weighted(rng, weights)
        cores = [pick(rng, bank_[group])]
        if rng.random() < 0.4:
            # A second phrase about the same situation (a "short" label gets a detail).
            more = bank_[group] if group != "short" else bank_[weighted(rng, {g: w for g, w in weights.items() if g != "short"})]
            second = pick(rng, more)
            if second is not cores[0]:
                cores.append(second)
    age_hint = next((c.age for c in cores if c.age), "")
    cast = draw_cast(rng, age_hint, suicidal=primary == "suicide")
    cast.victims = cp._victims(primary)
    opener = _pro_cast(rng, cast) if voice == "professional" else _opener(rng, cast)

    # Statements about the label: risk, medical, secondary concerns, denials.
    steps = risk_plan(rng, primary, target, cores, 1.3, 1)
    mentioned = positive_concepts([p for _, p in steps] + cores, include_negated=True)
    steps += medical_plan(rng, primary, mentioned, 1)
    secondary = [cp._core(rng, c, g) for c, p, g in cp.SECONDARY.get(primary, ()) if c in cp.BANKS and rng.random() < p]
    if rng.random() < cp.P_DENIED.get(primary, 0.0) * 1.5:
        steps.append(("body", pick(rng, bm.SUICIDE_DENIED)))
    quote_pool = st.QUOTES.get("welfare" if late else primary)

    # Label-neutral sentences: the same probabilities for every note.
    optional: list[tuple[str, Phrase]] = []
    for slot, pool, p in (
        ("behaviour", st.BEHAVIOUR, 0.6), ("behaviour2", st.BEHAVIOUR, 0.2), ("history", st.HISTORY, 0.45),
        ("said", st.SAID, 0.3), ("around", st.AROUND, 0.35), ("reaction", st.REACTION, 0.25),
        ("request", st.REQUEST, 0.4), ("when", st.WHEN, 0.25),
    ):
        if rng.random() < p:
            optional.append((slot, pick(rng, pool)))
    # A quote about the concern when the concern has quotes, else a neutral one: same rate.
    if rng.random() < 0.35:
        optional.append(("quote", pick(rng, quote_pool) if quote_pool and rng.random() < 0.7 else pick(rng, st.SAID)))

    fixed = [opener, *cores, *secondary, *(p for _, p in steps), *([late.phrase] if late and late.phrase else [])]
    budget = length - _est(fixed)
    rng.shuffle(optional)
    kept: dict[str, Phrase] = {}
    for slot, phrase in optional:
        if budget <= 0:
            break
        kept[slot] = phrase
        budget -= _est([phrase])

    body: list[cp.Seg] = []
    if "history" in kept and rng.random() < 0.35:
        body.append(cp.Seg(kept.pop("history")))
    if "when" in kept and rng.random() < 0.5:
        body.append(cp.Seg(kept.pop("when")))
    lead = cp.Seg(cores[0], lead=True)
    body.append(lead)
    for slot in ("behaviour", "quote"):
        if slot in kept:
            body.append(cp.Seg(kept.pop(slot)))
    body += [cp.Seg(c) for c in cores[1:] + secondary]
    for slot in ("said", "history", "behaviour2", "when"):
        if slot in kept:
            body.append(cp.Seg(kept.pop(slot)))
    body += [cp.Seg(p) for where, p in steps if where == "body"]
    body += [cp.Seg(p) for p in kept.values()]
    qa = [cp.Seg(p, kind="qa") for where, p in steps if where == "qa"]
    updates = [cp.Seg(p, kind="update") for where, p in steps if where == "update"]
    if late is not None:
        (updates if late.kind == "update" else body).append(late)
    for concept, p in cp.ESCALATE.get(primary, ()):
        if rng.random() < p:
            updates.append(cp.Seg(cp._core(rng, concept), kind="update", prefix=pick(rng, cp.ESCALATION_LEADS)))
            break
    if rng.random() < 0.3:
        updates.insert(int(rng.random() * (len(updates) + 1)), cp.Seg(pick(rng, lg.NEUTRAL_UPDATES), kind="update"))
    if rng.random() < 0.3:
        body.insert(1 + int(rng.random() * 2), cp.Seg(text=descriptor(rng, cast)))
    for text in demographic_phrases(rng, cast):
        body.insert(1 + int(rng.random() * len(body)), cp.Seg(text=text))
    tail = []
    if rng.random() < 0.25:
        tail.append(cp.Seg(pick(rng, lg.LOCATION + lg.CALLBACK + lg.STAGING), kind="tail"))
    tail += dispatch.outcome(rng, "behavioral")
    qa += dispatch.flags(rng)
    body += dispatch.spanish(rng)
    segs = [cp.Seg(opener), *body, *qa, *updates, *dispatch.log_lines(rng, "behavioral"), *tail]
    if rng.random() < P_HEADER:
        segs[:0] = cp.behavioral_header(rng, "welfare" if late else primary, cores[0], segs)
    return cp.Plan(segs, cast, primary, meta={"verbosity": f"story_{voice}", "target": target, "p_skip": 0.0, "length": length, "story": True, "voice": voice})


#: Short ordinary-agitation fragments for terse notes (label-neutral, any note).
AGITATION_SHORT = bank(
    "",
    "[YELLING|UPSET AND YELLING|SLAMMING DOORS|PACING|CURSING|CRYING AND YELLING|LOUD AND UPSET|BANGING ON THE DOOR TO GET IN|ARGUMENTATIVE|UPSET|SCREAMING|CRYING|VERY UPSET|RAISING {his} VOICE]",
)
