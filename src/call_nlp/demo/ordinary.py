"""Ordinary calls: fire, medical complaints, traffic, rescue and service, crimes, other.

Real 911 traffic is about 97% ordinary calls (CAD_TEXT.md). An ordinary note is
composed here the way such notes are written: a short statement of the complaint,
often nothing more; sometimes an age and sex, protocol boilerplate (chief complaint,
determinant code of the complaint's protocol, key-question answers), unit-status lines,
a disposition, details and appended updates; lengths follow the measured percentiles of
ordinary notes (5/7/11/21/44/123 words). Families come in the measured shares, except
crimes and disputes (:data:`CRIME_SHARE`), whose situation and risk statements
:mod:`call_nlp.demo.crime` draws.

Labels are computed from tags like every other note: the complaint states
``crisis:incident`` (``crisis:crime`` for crimes) and its medical facts, so the note is
``not_behavioral`` / ``standard_dispatch``; risk tags (a crime's weapon, threat, fight or
shots, a combative patient, a premise hazard) set its violence risk.
"""

from __future__ import annotations

import random
from functools import cache

from call_nlp.demo import bank_dispatch as bd
from call_nlp.demo import bank_ems as ems
from call_nlp.demo import bank_fire as bf
from call_nlp.demo import bank_incidents as bi
from call_nlp.demo import bank_logistics as lg
from call_nlp.demo import bank_service as sv
from call_nlp.demo import bank_traffic as bt
from call_nlp.demo import crime, dispatch, protocol
from call_nlp.demo.people import Cast, caller_intro, demographic_phrases, descriptor, draw_cast
from call_nlp.demo.phrasebook import Phrase, from_quantiles, pick, pick_brief, weighted
from call_nlp.demo.plans import Step
from call_nlp.demo.protocol import Complaint
from call_nlp.demo.segments import Plan, Seg

#: Share of all notes composed as ordinary calls; the rest are behavioral. Half, so a
#: model sees ordinary calls in all their forms; the deployment share (about 97%) is a
#: prior applied by the service, not a property of this corpus.
P_ORDINARY = 0.5
#: Families of ordinary calls as CAD_TEXT.md measured them (a mostly fire/EMS source).
MEASURED_SHARES = {"fire": 0.44, "medical": 0.28, "traffic": 0.17, "service": 0.075, "crime": 0.014, "other": 0.025}
#: Share of ordinary calls that are crimes and disputes between people who are not family
#: (:mod:`call_nlp.demo.crime`). CAD_TEXT.md's source is fire/EMS-heavy and says so: there
#: crimes are 1.4% of ordinary calls, while a 911 center that takes police calls sees far
#: more of them, and a model that never saw crimes reads every conflict, threat or weapon
#: as a crisis. The agency's real call mix is a separate prior (``call_nlp.prior``), not a
#: property of this corpus; the other families keep their measured proportions.
CRIME_SHARE = 0.12
FAMILY_SHARES = {
    family: CRIME_SHARE if family == "crime" else share * (1 - CRIME_SHARE) / (sum(MEASURED_SHARES.values()) - MEASURED_SHARES["crime"])
    for family, share in MEASURED_SHARES.items()
}
FAMILIES: dict[str, dict[str, tuple[float, Complaint]]] = {
    "fire": bf.FIRE, "medical": ems.MEDICAL, "traffic": bt.TRAFFIC, "service": sv.SERVICE, "other": sv.OTHER,
}
#: Inverse CDF of target words per ordinary note (CAD_TEXT.md: 5/7/11/21/44/123 at
#: p10/25/50/75/90/99), nudged for the words rendering adds.
LENGTH_QUANTILES = ((0.0, 2.5), (0.1, 5.3), (0.25, 6.0), (0.5, 7.5), (0.75, 14.5), (0.9, 36.0), (0.99, 160.0), (1.0, 170.0))
#: Protocol boilerplate by family (measured: 8% of ordinary notes carry protocol Q&A,
#: 7.1% a determinant code), more often in long notes, which are mostly protocol text.
P_PROTOCOL = {"fire": 0.045, "medical": 0.18, "traffic": 0.07, "service": 0.025, "crime": 0.03, "other": 0.02}
#: Age/sex descriptor ("82YOF") when the call is about a person.
P_DESCRIPTOR = {"medical": 0.6, "traffic": 0.3, "service": 0.3, "crime": 0.35, "other": 0.25}
P_INTRO = 0.1
#: Ordinary upset words ("crying in pain"): the same words occur in behavioral notes.
P_AGITATION = 0.12
#: A combative patient or a premise hazard (violence risk elevated on an ordinary call).
P_COMBATIVE, P_PREMISE = 0.03, 0.012
#: A crime's suspect described as intoxicated (the crime rule keeps it not_behavioral).
P_CRIME_INTOX = 0.2
#: Label-neutral and detail filler used to reach the target length, with typical word counts.
FILL_WORDS = {"detail": 3.0, "location": 4.0, "callback": 4.0, "staging": 4.0, "admin": 3.0, "update": 4.0}
FILL_CAPS = {"detail": 4, "location": 1, "callback": 1, "staging": 1, "admin": 1, "update": 26}
FILL_SMALL = {"detail": 0.4, "location": 0.3, "callback": 0.1, "staging": 0.1, "admin": 0.05, "update": 0.05}
FILL_LARGE = {"update": 0.55, "detail": 0.2, "location": 0.08, "callback": 0.07, "staging": 0.05, "admin": 0.05}


@cache
def descriptor_scale() -> float:
    """1 / share of ordinary notes about a person: their demographic descriptors come at
    this multiple of the usual rate, so ordinary notes as a whole carry them as often as
    behavioral ones (alarms and wires down carry none)."""
    total = sum(FAMILY_SHARES.values())
    person = FAMILY_SHARES["crime"] / total * crime.person_share()
    for family, table in FAMILIES.items():
        weights = sum(w for w, _ in table.values())
        person += FAMILY_SHARES.get(family, 0.0) / total * sum(w for w, c in table.values() if c.person) / weights
    return 1.0 / person


def _brevity(length: float) -> int:
    return 5 if length < 6 else 3 if length < 11 else 2 if length < 20 else 1


def compose_ordinary(rng: random.Random) -> Plan:
    """Draw one ordinary note's segments."""
    length = from_quantiles(rng, LENGTH_QUANTILES)
    family = str(weighted(rng, FAMILY_SHARES))
    k = _brevity(length)
    scene: crime.Draw | None = None
    if family == "crime":
        scene = crime.draw(rng, k)
        complaint, core, steps = scene.scenario.complaint, scene.core, _crime_steps(rng, scene)
    else:
        table = FAMILIES[family]
        complaint = table[str(weighted(rng, {name: w for name, (w, _) in table.items()}))][1]
        core = pick_brief(rng, complaint.core, k)
        steps = _incident_steps(rng, family, complaint)
    age_hint = core.age or (complaint.age if rng.random() < 0.7 else "")
    cast = draw_cast(rng, age_hint, descriptor_scale=descriptor_scale() if complaint.person else 0.0)
    if scene is not None:
        crime.dress(rng, cast, scene.scenario)
    body = [Seg(core, lead=True)]
    words = 1.4 * core.size + 1
    body += [Seg(p) for where, p in steps if where == "body"]
    qa = [Seg(p, kind="qa") for where, p in steps if where == "qa"]
    updates = [Seg(p, kind="update") for where, p in steps if where == "update"]
    words += sum(1.4 * p.size for _, p in steps)
    header: list[Seg] = []
    if scene is not None and scene.calltype is not None:
        header.append(scene.calltype)
        words += 2.5
    if rng.random() < min(0.9, P_PROTOCOL[family] * _protocol_boost(length)):
        lines, answers = _protocol_block(rng, complaint, core, length)
        header += lines
        qa += answers
        words += 3.0 * len(lines) + 2.5 * len(answers)
    if complaint.person:
        words += _add_people(rng, cast, body, P_DESCRIPTOR.get(family, 0.2))
    if complaint.agitation and rng.random() < P_AGITATION:
        body.insert(1 + int(rng.random() * len(body)), Seg(pick(rng, complaint.agitation)))
        words += 3
    body += dispatch.spanish(rng, bd.SPANISH_ORDINARY.get(family, bd.SPANISH_NEUTRAL), bd.P_SPANISH_ORDINARY)
    qa += dispatch.flags(rng)
    tail = dispatch.outcome(rng, "ordinary", complaint.outcomes)
    if scene is not None:  # police units; no patient transports
        logs = dispatch.log_lines(rng, "police", length - words, False)
    else:
        logs = dispatch.log_lines(rng, "ordinary", length - words, complaint.person)
    words += dispatch.LOG_WORDS * len(logs) + 3 * len(tail)
    tail = _fill(rng, length - words, complaint, body, updates) + tail
    segs = header + body + qa + updates + logs + tail
    meta: dict[str, object] = {"verbosity": "ordinary", "target": scene.target if scene else "low", "p_skip": _p_skip(length), "length": length}
    if scene is not None:
        meta["scenario"] = scene.kind
    return Plan(segs, cast, family, ordinary=True, meta=meta)


def _p_skip(length: float) -> float:
    return 0.85 if length < 8 else 0.5 if length < 20 else 0.2


def _protocol_boost(length: float) -> float:
    return 0.5 if length < 10 else 1.0 if length < 25 else 2.5 if length < 50 else 5.0


def _protocol_block(rng: random.Random, complaint: Complaint, core: Phrase, length: float) -> tuple[list[Seg], list[Seg]]:
    """Chief complaint, determinant code, Problem: line and key-question answers."""
    header = protocol.header(rng, complaint.chief, complaint.protocol, complaint.acuity, complaint.codes, core)
    answers: list[Seg] = []
    if complaint.qa:
        n = 1 + int(rng.random() * min(len(complaint.qa), 2 + length / 12))
        for phrase in complaint.qa:
            if len(answers) < n and rng.random() < n / len(complaint.qa) + 0.1:
                answers.append(Seg(phrase, kind="qa"))
    if complaint.person and complaint.qa and rng.random() < 0.2:
        summary = protocol.SUMMARY_DOWN if complaint.down else protocol.SUMMARY_AWAKE
        header.append(Seg(pick(rng, summary), kind="header"))
    return header, answers


def _crime_steps(rng: random.Random, scene: crime.Draw) -> list[Step]:
    """The crime or dispute plan's statements; an intoxicated suspect now and then on a
    crime against a person (the crime rule keeps the note not_behavioral)."""
    steps = list(scene.steps)
    if scene.scenario.intox and rng.random() < P_CRIME_INTOX:
        steps.append(("body", pick(rng, bi.CRIME_INTOX)))
    return steps


def _incident_steps(rng: random.Random, family: str, complaint: Complaint) -> list[Step]:
    """Rarely a combative patient or a premise hazard (violence risk elevated)."""
    steps: list[Step] = []
    if family == "medical" and rng.random() < P_COMBATIVE:
        steps.append(("body", pick(rng, ems.COMBATIVE_PT)))
    if family in ("medical", "service") and complaint.person and rng.random() < P_PREMISE:
        steps.append(("body", pick(rng, bd.PREMISE_HAZARD)))
    return steps


def _add_people(rng: random.Random, cast: Cast, body: list[Seg], p_descriptor: float) -> float:
    """Age/sex, demographic descriptors (always, when the cast has them) and the caller."""
    words = 0.0
    if rng.random() < p_descriptor:
        body.insert(0 if rng.random() < 0.5 else len(body), Seg(text=descriptor(rng, cast)))
        words += 2
    for text in demographic_phrases(rng, cast):
        body.insert(len(body) if rng.random() < 0.7 else min(1, len(body)), Seg(text=text))
        words += len(text.split())
    if rng.random() < P_INTRO:
        body.insert(0 if rng.random() < 0.6 else len(body), Seg(text=caller_intro(rng, cast)))
        words += 3
    return words


def _fill(rng: random.Random, budget: float, complaint: Complaint, body: list[Seg], updates: list[Seg]) -> list[Seg]:
    """Details, location, callback and appended updates until the target length; returns the tail."""
    tail: list[Seg] = []
    counts = dict.fromkeys(FILL_CAPS, 0)
    pools = {"detail": complaint.details, "update": complaint.updates + bd.ORDINARY_UPDATES,
             "location": lg.LOCATION, "callback": lg.CALLBACK, "staging": lg.STAGING, "admin": lg.ADMIN}
    used: set[int] = set()
    while budget > 1.5:
        table = FILL_LARGE if budget >= 12 else FILL_SMALL
        options = {k: v for k, v in table.items() if counts[k] < FILL_CAPS[k] and pools[k]}
        if not options:
            break
        item = str(weighted(rng, options))
        counts[item] += 1
        budget -= FILL_WORDS[item]
        phrase = pick(rng, pools[item])
        if id(phrase) in used:
            continue
        used.add(id(phrase))
        if item == "detail":
            body.insert(1 + int(rng.random() * len(body)), Seg(phrase))
        elif item == "location":
            body.insert(0 if rng.random() < 0.4 else len(body), Seg(phrase))
        elif item == "update":
            updates.append(Seg(phrase, kind="update"))
        else:
            tail.append(Seg(phrase, kind="tail"))
    return tail
