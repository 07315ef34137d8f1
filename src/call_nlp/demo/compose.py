"""Scenario composition: pick the parts of one note and their order.

A note is an ordered list of :class:`Seg` (segments). Half the notes are ordinary calls
(:mod:`call_nlp.demo.ordinary`); for a behavioral note the composer draws a main
concern, a target violence risk, core situation phrases, label-preserving secondary
concerns, a risk plan, a medical plan, optional escalating updates, and label-neutral
parts (caller, subject descriptor, demographics, location, callback, staging, protocol
boilerplate, unit-status lines) whose probabilities are the same for every behavioral
note. It never writes a label: :mod:`call_nlp.demo.labeling` computes those from the
tags of the segments that end up in the rendered text.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from call_nlp.demo import bank_dispatch as bd
from call_nlp.demo import bank_forms as bf
from call_nlp.demo import bank_logistics as lg
from call_nlp.demo import bank_medical as med
from call_nlp.demo import bank_mental as bm
from call_nlp.demo import bank_risk as rk
from call_nlp.demo import bank_social as bs
from call_nlp.demo import dispatch, ordinary, protocol, vocab
from call_nlp.demo.people import Cast, caller_intro, demographic_phrases, descriptor, draw_cast
from call_nlp.demo.phrasebook import Phrase, from_quantiles, pick, pick_brief, weighted
from call_nlp.demo.plans import Step, medical_plan, negation, positive_concepts, risk_plan, statement
from call_nlp.demo.segments import Plan, Seg

__all__ = ["Plan", "Seg", "compose"]

#: Share of notes that say nothing about the situation.
P_CONTENT_FREE = 0.04
#: Behavioral concerns (ordinary calls are drawn before, see ordinary.P_ORDINARY).
PRIMARY_WEIGHTS = {"suicide": 0.13, "psychosis": 0.12, "substance": 0.12, "distress": 0.135, "welfare": 0.135, "family": 0.15}
RISK_TARGET = {
    "suicide": {"imminent": 0.22, "elevated": 0.20, "low": 0.58},
    "psychosis": {"imminent": 0.18, "elevated": 0.30, "low": 0.52},
    "substance": {"imminent": 0.12, "elevated": 0.20, "low": 0.68},
    "distress": {"imminent": 0.08, "elevated": 0.16, "low": 0.76},
    "welfare": {"imminent": 0.07, "elevated": 0.15, "low": 0.78},
    "family": {"imminent": 0.20, "elevated": 0.36, "low": 0.44},
}
BANKS: dict[str, tuple[dict[str, tuple[Phrase, ...]], dict[str, float]]] = {
    "suicide": (bm.SUICIDE, {"short": 0.17, "statement": 0.27, "indirect": 0.13, "goodbye": 0.1, "plan": 0.13, "history": 0.06, "selfharm": 0.07, "late": 0.07}),
    "psychosis": (bm.PSYCHOSIS, {"short": 0.18, "hallucination": 0.2, "delusion": 0.2, "indirect": 0.14, "disorganized": 0.14, "mania": 0.06, "illness": 0.08}),
    "distress": (bm.DISTRESS, {"short": 0.16, "panic": 0.14, "loss": 0.22, "grief": 0.15, "depression": 0.06, "overwhelmed": 0.12, "public": 0.15}),
    "substance": (bs.SUBSTANCE, {"short": 0.16, "intoxication": 0.25, "drugs": 0.12, "medical": 0.08, "withdrawal": 0.05, "help": 0.08, "effects": 0.14, "signs": 0.14}),
    "welfare": (bs.WELFARE, {"short": 0.22, "unreachable": 0.24, "exposed": 0.13, "confused": 0.12, "odd": 0.13, "child": 0.02, "down": 0.14}),
    "family": (bs.FAMILY, {"short": 0.16, "argument": 0.25, "unwanted": 0.12, "ex": 0.09, "meltdown": 0.09, "elder": 0.05, "youth": 0.1, "dispute": 0.14}),
}
#: Lower-precedence concerns that may accompany a main concern without changing its label.
SECONDARY = {
    "suicide": (("substance", 0.18, ("intoxication", "drugs")), ("family", 0.08, ("argument",)), ("distress", 0.12, ("grief", "panic", "overwhelmed"))),
    # Substance beside psychosis only where the note keeps the psychotic content primary
    # (bank_lookalike.SUBSTANCE_COEXISTING); drug-attributed paranoia is substance use.
    "psychosis": (("substance", 0.08, ("coexisting",)), ("family", 0.08, ("argument",)), ("welfare", 0.06, ("unreachable", "exposed"))),
    "substance": (("distress", 0.06, ("grief", "overwhelmed")), ("family", 0.1, ("argument", "unwanted")), ("welfare", 0.1, ("exposed", "down"))),
    "distress": (("family", 0.06, ("argument",)), ("welfare", 0.06, ("unreachable",))),
}
#: Chance of an explicit "not suicidal" statement (only where suicide is not the concern).
P_DENIED = {"distress": 0.2, "family": 0.1, "substance": 0.1, "welfare": 0.06, "psychosis": 0.06}
#: Updates that reveal a higher-precedence concern (the type changes by precedence).
ESCALATE = {
    "welfare": (("suicide", 0.05), ("psychosis", 0.03), ("substance", 0.03)),
    "distress": (("suicide", 0.05),),
    "family": (("suicide", 0.03), ("psychosis", 0.02), ("substance", 0.03)),
    "substance": (("suicide", 0.03),),
    "psychosis": (("suicide", 0.02),),
}
ESCALATION_LEADS = ("RP now states", "RP now advising", "per {kin},", "RP just found out", "now", "RP adds", "")
#: Share of suicide notes opened as a welfare check, the suicidal content coming late.
P_WELFARE_OPEN = 0.16
#: Where the late suicidal content of such a note comes from.
LATE_SUICIDE_GROUPS = {"late": 0.55, "indirect": 0.2, "goodbye": 0.1, "statement": 0.1, "plan": 0.05}
LATE_LEADS = ("RP adds", "RP now advising", "RP just found out", "per {kin},", "also", "RP states", "", "")


def welfare_opening(rng: random.Random, k: int = 1) -> tuple[Phrase, Seg]:
    """A welfare-check opening and the (brief, often indirect) suicidal content that ends
    the note: in the body or as an appended update. Precedence makes it suicide_risk."""
    lead = _core(rng, "welfare", ("unreachable",) if rng.random() < 0.8 else ("short",), k)
    late = pick(rng, bm.SUICIDE[weighted(rng, LATE_SUICIDE_GROUPS)])
    if rng.random() < 0.4:
        return lead, Seg(late, kind="update", prefix=pick(rng, LATE_LEADS))
    return lead, Seg(late, prefix=pick(rng, LATE_LEADS) if rng.random() < 0.5 else "")


@dataclass(frozen=True)
class Writer:
    """How much a call-taker writes: a note's length class, drawn from its target length."""

    p_core2: float  # a second situation phrase
    p_core3: float  # a third
    p_short: float  # the first one from the shortest forms
    p_skip: float  # leave out an optional part of a phrase
    extras: float  # scales optional statements (companion negations, secondary concerns)
    p_header: float  # protocol-software boilerplate (scaled by P_HEADER_SCALE)
    content_words: int  # typical words of situation content for this writer
    brevity: int  # draws per phrase choice, keeping the shortest (1 = uniform)


WRITERS = {
    "terse": Writer(0.0, 0.0, 0.65, 0.9, 0.2, 0.01, 9, 5),
    "normal": Writer(0.15, 0.02, 0.2, 0.6, 0.7, 0.04, 13, 2),
    "verbose": Writer(0.45, 0.1, 0.05, 0.25, 1.2, 0.12, 17, 1),
    "long": Writer(0.75, 0.4, 0.0, 0.0, 1.6, 0.25, 22, 1),
    "xlong": Writer(0.9, 0.6, 0.0, 0.0, 1.8, 0.35, 24, 1),
}
#: Inverse CDF of target words per note: CAD_TEXT.md percentiles (6/8/13/24/53), nudged
#: down in the upper half because situation content adds words beyond the target.
#: Stories (see :mod:`call_nlp.demo.story`) take over much of the long tail, so the
#: upper half is shorter than CAD_TEXT's to keep the whole corpus near its profile.
LENGTH_QUANTILES = ((0.0, 4.0), (0.1, 6.5), (0.25, 7.5), (0.5, 11.0), (0.75, 18.0), (0.9, 38.0), (0.99, 110.0), (1.0, 150.0))
#: Label-neutral parts independent of length (same probability for every note).
P_DESCRIPTOR, P_INTRO = 0.45, 0.16
#: Ordinary agitation ("YELLING", "SLAMMING DOORS"): a risk cue for no label.
P_AGITATION = 0.12
#: Label-neutral filler used to reach the target length, with typical word counts.
FILL_WORDS = {"location": 4.0, "callback": 4.0, "staging": 4.0, "admin": 3.0, "qa": 2.4, "update": 6.5}
FILL_CAPS = {"location": 1, "callback": 1, "staging": 1, "admin": 1, "qa": 8, "update": 14}
FILL_SMALL = {"location": 0.35, "qa": 0.2, "callback": 0.15, "staging": 0.1, "admin": 0.1, "update": 0.1}
FILL_LARGE = {"update": 0.5, "qa": 0.25, "location": 0.08, "callback": 0.07, "staging": 0.05, "admin": 0.05}
PROTOCOL_FAMILY = {
    "suicide": "behavioral", "psychosis": "behavioral", "distress": "behavioral", "family": "disturbance",
    "welfare": "unknown", "substance": "unknown",
}
#: Writers' protocol-header chances are scaled so that behavioral notes carry protocol
#: Q&A and determinant codes at the measured rates (11% and 7.6%, CAD_TEXT.md).
P_HEADER_SCALE = 1.8
#: Key-question answers a protocol header adds about risk concepts the note leaves
#: unsaid ("VIOLENT: NO", "WEAPONS: NO"): label-safe, since they negate nothing stated.
P_HEADER_ANSWER = 0.35
#: In a Spanish-form note, the chance a weapon statement is in Spanish ("NO HAY ARMAS").
P_SPANISH_WEAPON = 0.7
#: An opioid protocol-form note with no unit-status line gets one this often.
P_FORM_LOG = 0.4


def _core(rng: random.Random, primary: str, groups: tuple[str, ...] | None = None, k: int = 1) -> Phrase:
    bank, weights = BANKS[primary]
    if groups:
        weights = {g: w for g, w in weights.items() if g in groups} or {g: 1.0 for g in groups}
    return pick_brief(rng, bank[weighted(rng, weights)], k)


def _victims(primary: str) -> tuple[str, ...]:
    if primary in ("family", "substance", "distress"):
        return vocab.VICTIMS_FAMILY
    if primary in ("psychosis", "suicide"):
        return vocab.VICTIMS_STAFF
    return vocab.VICTIMS_ANY


def target_length(rng: random.Random) -> float:
    """A target word count drawn from the measured distribution of real notes."""
    return from_quantiles(rng, LENGTH_QUANTILES)


def writer_for(length: float) -> str:
    """The writer class for a target length (thresholds sit above the class's content)."""
    if length < 12:
        return "terse"
    if length < 24:
        return "normal"
    if length < 50:
        return "verbose"
    return "long" if length < 110 else "xlong"


def compose(rng: random.Random) -> Plan:
    """Draw one note's segments."""
    length = target_length(rng)
    verbosity = writer_for(length)
    w = WRITERS[verbosity]
    if rng.random() < P_CONTENT_FREE:
        return _content_free(rng)
    if rng.random() < ordinary.P_ORDINARY:
        return ordinary.compose_ordinary(rng)
    from call_nlp.demo import story  # story builds on this module

    if rng.random() < story.P_STORY:
        return story.compose_story(rng)
    primary = weighted(rng, PRIMARY_WEIGHTS)
    target = weighted(rng, RISK_TARGET[primary])
    late: Seg | None = None
    if primary == "suicide" and rng.random() < P_WELFARE_OPEN:
        opening, late = welfare_opening(rng, w.brevity)
        cores = [opening]
    else:
        cores = [_core(rng, primary, ("short",) if rng.random() < w.p_short else None, w.brevity)]
        if rng.random() < w.p_core2:
            cores.append(_core(rng, primary))
        if rng.random() < w.p_core3:
            cores.append(_core(rng, primary))
    form = ""
    if late is None:
        rates = bf.FORM_RATES.get(primary, {})
        form = str(weighted(rng, {**rates, "": 1.0 - sum(rates.values())}))
        if form:
            cores[0] = pick(rng, bf.POOLS[primary][form])
    age_hint = next((c.age for c in cores if c.age), "")
    cast = draw_cast(rng, age_hint, suicidal=primary == "suicide")
    cast.victims = _victims(primary)

    body = [Seg(c, verbatim=bf.is_spanish(c)) for c in cores]
    body[0].lead = True
    for concept, p, groups in SECONDARY.get(primary, ()):
        if rng.random() < p * w.extras:
            body.append(Seg(_core(rng, concept, groups, w.brevity)))

    steps: list[Step] = risk_plan(rng, primary, target, cores, min(w.extras, 1.6), w.brevity)
    mentioned = positive_concepts([p for _, p in steps] + cores, include_negated=True)
    unreachable = primary == "welfare" and any(c in bs.WELFARE["unreachable"] or c in bs.WELFARE["short"] for c in cores)
    if not any(t.startswith("med:") for c in cores for t in c.tags):  # a form may state them
        steps += medical_plan(rng, "welfare_unreachable" if unreachable else primary, mentioned, w.brevity)
    if form == "spanish":
        steps = [(where, _in_spanish(rng, p)) for where, p in steps]
    if rng.random() < P_DENIED.get(primary, 0.0) * w.extras:
        steps.append(("body", pick(rng, bm.SUICIDE_DENIED)))
    if rng.random() < 0.05 * w.extras:
        steps.append(("body", pick(rng, rk.TRAPS_NEUTRAL)))
    if rng.random() < P_AGITATION:
        steps.insert(int(rng.random() * (len(steps) + 1)), ("body", pick(rng, story.AGITATION_SHORT)))
    qa = [Seg(p, kind="qa", verbatim=bf.is_spanish(p)) for where, p in steps if where == "qa"]
    body += [Seg(p, verbatim=bf.is_spanish(p)) for where, p in steps if where == "body"]
    updates = [Seg(p, kind="update", verbatim=bf.is_spanish(p)) for where, p in steps if where == "update"]
    if late is not None:
        (updates if late.kind == "update" else body).append(late)
    for concept, p in ESCALATE.get(primary, ()):
        if rng.random() < p:
            updates.append(Seg(_core(rng, concept), kind="update", prefix=pick(rng, ESCALATION_LEADS)))
            break

    if len(body) > 1 and rng.random() < 0.35 and late is None:
        rng.shuffle(body)
        for s in body:
            s.lead = False
        body[0].lead = True
    header = behavioral_header(rng, "welfare" if late else primary, cores[0], body + qa + updates) if rng.random() < w.p_header * P_HEADER_SCALE else []
    budget = length - w.content_words - 9.0 * bool(header)
    budget -= _add_people(rng, cast, body)
    logs, outcome = dispatch.log_lines(rng, "behavioral", budget), dispatch.outcome(rng, "behavioral")
    if form == "opioid" and not logs and rng.random() < P_FORM_LOG:
        logs = [Seg(pick(rng, bd.UNIT_STATUS), kind="log")]  # "M6 ON SCENE": ordinary notes carry them too
    body += [] if form == "spanish" else dispatch.spanish(rng)
    qa += dispatch.flags(rng)
    budget -= dispatch.LOG_WORDS * len(logs) + 3 * len(outcome)
    tail = _fill(rng, budget, body, qa, updates)
    late_tail = rng.random() < 0.3
    segs = header + body + qa + ([] if late_tail else tail) + updates + logs + (tail if late_tail else []) + outcome
    return Plan(segs, cast, primary, meta={"verbosity": verbosity, "target": target, "p_skip": w.p_skip, "length": length})


def _in_spanish(rng: random.Random, phrase: Phrase) -> Phrase:
    """In a Spanish note, a weapon statement is often the caller's Spanish for the same fact."""
    if rng.random() < P_SPANISH_WEAPON:
        if phrase.tags == ("weapon=none",):
            return pick(rng, bf.WEAPON_NONE_ES)
        if phrase.tags == ("weapon=present",):
            return pick(rng, bf.WEAPON_PRESENT_ES)
    return phrase


def _add_people(rng: random.Random, cast: Cast, body: list[Seg]) -> float:
    """Caller, subject descriptor and demographics: fixed probabilities for every note.

    Returns the approximate number of words added."""
    words = 0.0
    if rng.random() < P_DESCRIPTOR:
        pos = rng.random()
        body.insert(0 if pos < 0.4 else min(1, len(body)) if pos < 0.8 else len(body), Seg(text=descriptor(rng, cast)))
        words += 2
    for text in demographic_phrases(rng, cast):
        body.insert(len(body) if rng.random() < 0.6 else min(1, len(body)), Seg(text=text))
        words += len(text.split())
    if rng.random() < P_INTRO:
        body.insert(0 if rng.random() < 0.75 else min(1, len(body)), Seg(text=caller_intro(rng, cast)))
        words += 3
    return words


def _fill(rng: random.Random, budget: float, body: list[Seg], qa: list[Seg], updates: list[Seg]) -> list[Seg]:
    """Label-neutral parts until the note reaches its target length; returns the tail."""
    tail: list[Seg] = []
    counts = dict.fromkeys(FILL_CAPS, 0)
    said = {t.split("=")[0] for s in qa + body + updates for t in s.tags}
    qa_pool = [p for p in lg.NEUTRAL_QA + med.CONSCIOUS_QA + med.BREATHING_OK_QA + med.BLEEDING_NO_QA + med.INJURY_NONE_QA
               if not any(t.split("=")[0] in said for t in p.tags)]
    while budget > 1.5:
        table = FILL_LARGE if budget >= 12 else FILL_SMALL
        options = {k: v for k, v in table.items() if counts[k] < FILL_CAPS[k]}
        if not options:
            break
        item = weighted(rng, options)
        counts[item] += 1
        budget -= FILL_WORDS[item]
        if item == "location":
            body.insert(0 if rng.random() < 0.45 else len(body), Seg(pick(rng, lg.LOCATION)))
        elif item == "qa":
            phrase = pick(rng, qa_pool)
            if all(s.phrase is not phrase for s in qa):
                qa.insert(int(rng.random() * (len(qa) + 1)), Seg(phrase, kind="qa"))
        elif item == "update":
            phrase = pick(rng, lg.NEUTRAL_UPDATES)
            if all(s.phrase is not phrase for s in updates):
                updates.insert(int(rng.random() * (len(updates) + 1)), Seg(phrase, kind="update"))
        else:
            pool = {"callback": lg.CALLBACK, "staging": lg.STAGING, "admin": lg.ADMIN}[item]
            tail.append(Seg(pick(rng, pool), kind="tail"))
    return tail


def behavioral_header(rng: random.Random, primary: str, core: Phrase, segs: list[Seg]) -> list[Seg]:
    """Protocol boilerplate of a behavioral note: chief complaint, a determinant code of
    its protocol (25 psychiatric, 23 overdose when an ingestion is stated, ...), a
    Problem: line, and key-question answers that agree with what the note states."""
    family = PROTOCOL_FAMILY.get(primary, "behavioral")
    tags = {t for s in segs for t in s.tags}
    if "med:ingestion=yes" in tags:
        family = "overdose"
    out = protocol.header(rng, lg.CHIEF_COMPLAINTS[family], lg.DETERMINANT_PROTOCOL[family], "OABCD", lg.CAD_CODES[family], core)
    if rng.random() < 0.4:
        out.append(Seg(pick(rng, lg.HEADER_NEUTRAL), kind="header"))
    if family == "overdose" and "crisis:suicide" in tags and rng.random() < 0.5:
        out.append(Seg(pick(rng, med.INTENTIONAL_YES_QA), kind="header"))
    if rng.random() < P_HEADER_ANSWER:
        phrases = [s.phrase for s in segs if s.phrase is not None]
        kind = negation(rng, primary, positive_concepts(phrases, include_negated=True))
        if kind in ("no_weapon", "calm"):
            out.append(Seg(statement(rng, kind, p_qa=1.0)[1], kind="header"))
    return out


def _content_free(rng: random.Random) -> Plan:
    """A note with only location, callback, staging, dispatch-admin or unit-status fragments."""
    cast = draw_cast(rng)
    pools = {"loc": lg.LOCATION, "cb": lg.CALLBACK, "stage": lg.STAGING, "admin": lg.ADMIN, "log": bd.UNIT_STATUS, "outcome": bd.OUTCOMES}
    shares = {"loc": 0.3, "cb": 0.17, "stage": 0.17, "admin": 0.2, "log": 0.1, "outcome": 0.06}
    segs = []
    for _ in range(1 + int(rng.random() * 3)):
        item = str(weighted(rng, shares))
        segs.append(Seg(pick(rng, pools[item]), kind="log" if item == "log" else "tail"))
    if rng.random() < 0.1:
        segs.insert(0, Seg(pick(rng, lg.HEADER_NEUTRAL), kind="header"))
    return Plan(segs, cast, "none", content_free=True, meta={"verbosity": "content_free", "p_skip": 0.5})
