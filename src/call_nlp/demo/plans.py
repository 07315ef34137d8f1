"""Risk and medical plans: which statements a note makes, and where (body, protocol
Q/A block or an appended update), for a target violence risk.

A plan only *chooses* statements; the labels are computed afterwards from the tags of
the statements that made it into the text. Plans avoid self-contradiction (no "NOT
VIOLENT" beside an assault in progress) except through updates, where the latest
statement about a concept wins.
"""

from __future__ import annotations

import random

from call_nlp.demo import bank_medical as med
from call_nlp.demo import bank_risk as rk
from call_nlp.demo.labeling import RISK_STATES, parse_tag
from call_nlp.demo.phrasebook import Phrase, pick, pick_brief, weighted

Step = tuple[str, Phrase]  # (where: "body" | "qa" | "update", phrase)

IMMINENT_MAIN: dict[str, dict[str, float]] = {
    "suicide": {"self": 0.5, "present": 0.3, "threat_means": 0.08, "shots": 0.06, "assault": 0.06},
    "psychosis": {"present": 0.55, "assault": 0.25, "threat_means": 0.15, "shots": 0.05},
    "substance": {"present": 0.6, "assault": 0.25, "threat_means": 0.12, "shots": 0.03},
    "distress": {"present": 0.75, "threat_means": 0.25},
    "welfare": {"present": 0.9, "threat_means": 0.1},
    "family": {"present": 0.42, "assault": 0.28, "threat_means": 0.25, "shots": 0.05},
    "crime": {"present": 0.6, "assault": 0.4},
}
ELEVATED_MAIN: dict[str, dict[str, float]] = {
    "suicide": {"possible": 0.35, "threat": 0.1, "hi": 0.04, "hx": 0.15, "removed": 0.15, "property": 0.1, "combative": 0.08, "assault_ended": 0.03},
    "psychosis": {"possible": 0.25, "threat": 0.15, "hi": 0.04, "hx": 0.15, "removed": 0.06, "property": 0.15, "combative": 0.15, "assault_ended": 0.05},
    "substance": {"possible": 0.2, "threat": 0.15, "hx": 0.15, "removed": 0.05, "property": 0.15, "combative": 0.25, "assault_ended": 0.05},
    "distress": {"possible": 0.25, "threat": 0.2, "hx": 0.1, "removed": 0.05, "property": 0.3, "combative": 0.1},
    "welfare": {"possible": 0.45, "threat": 0.15, "hx": 0.2, "combative": 0.2},
    "family": {"possible": 0.2, "threat": 0.25, "hi": 0.02, "hx": 0.15, "removed": 0.05, "property": 0.15, "combative": 0.05, "assault_ended": 0.13},
    "crime": {"possible": 0.5, "hx": 0.2, "threat": 0.15, "combative": 0.15},
    "incident": {"hx": 0.5, "threat": 0.25, "combative": 0.25},
}
#: Body pool, optional Q/A pool and the risk concept of each kind of statement.
POOLS: dict[str, tuple[tuple[Phrase, ...], tuple[Phrase, ...], str]] = {
    "present": (rk.WEAPON_PRESENT, rk.WEAPON_PRESENT_QA, "weapon"),
    "self": (rk.WEAPON_SELF, (), "weapon"),
    "assault": (rk.ASSAULT_ACTIVE, (), "assault"),
    "assault_on_victim": (rk.ASSAULT_ON_VICTIM, (), "assault"),
    "threat_means": (rk.THREAT_MEANS, (), "threat"),
    "shots": (rk.SHOTS_BY_SUBJECT, (), "shots"),
    "possible": (rk.WEAPON_POSSIBLE, rk.WEAPON_POSSIBLE_QA, "weapon"),
    "threat": (rk.THREAT_MADE, (), "threat"),
    "hi": (rk.HI_STATED, (), "hi"),
    "hx": (rk.HX_VIOLENCE, (), "hx"),
    "removed": (rk.WEAPON_REMOVED, (), "weapon"),
    "property": (rk.PROPERTY, (), "property"),
    "combative": (rk.COMBATIVE, rk.COMBATIVE_QA, "combative"),
    "assault_ended": (rk.ASSAULT_ENDED, (), "assault"),
    "no_weapon": (rk.WEAPON_NONE, rk.WEAPON_NONE_QA, "weapon"),
    "calm": (rk.CALM, rk.CALM_QA, "combative"),
    "no_threat": (rk.THREAT_NONE, (), "threat"),
    "verbal_only": (rk.ASSAULT_NONE, (), "assault"),
    "no_hx": (rk.HX_NONE, (), "hx"),
    "no_hi": (rk.HI_NONE, (), "hi"),
}
NEGATIONS = {"no_weapon": 0.47, "calm": 0.3, "no_threat": 0.08, "verbal_only": 0.08, "no_hx": 0.04, "no_hi": 0.03}
#: Concepts whose presence makes "NOT VIOLENT"/"VERBAL ONLY" a contradiction.
_ACTIVE_VIOLENCE = {"assault", "combative", "threat", "property", "shots"}
_CONFLICT_TYPES = {"family", "substance", "distress"}


def statement(rng: random.Random, kind: str, where: str = "body", p_qa: float = 0.3, k: int = 1) -> Step:
    """One statement of ``kind``, in protocol Q/A form with probability ``p_qa`` if it has one.

    ``k`` > 1 prefers shorter phrasings (see :func:`pick_brief`)."""
    body, qa, _ = POOLS[kind]
    if qa and where == "body" and rng.random() < p_qa:
        return ("qa", pick(rng, qa))
    return (where, pick_brief(rng, body, k))


def positive_concepts(phrases: list[Phrase], include_negated: bool = False) -> set[str]:
    """Risk concepts asserted at elevated or imminent level by ``phrases`` (or at all)."""
    out = set()
    for p in phrases:
        for tag in p.tags:
            kind, concept, state = parse_tag(tag)
            if kind == "risk" and (include_negated or RISK_STATES[concept][state] > 0):
                out.add(concept)
    return out


def negation(rng: random.Random, primary: str, busy: set[str], strict: bool = True) -> str | None:
    """A negation kind about a concept not already asserted (or None if none fits).

    ``strict`` also rules out "NOT VIOLENT"/"VERBAL ONLY" beside active violence; an
    escalating update may follow them (the latest statement wins)."""
    options = {}
    if "shots" in busy:
        busy = busy | {"weapon"}  # a shooting states a gun
    for kind, w in NEGATIONS.items():
        concept = POOLS[kind][2]
        if concept in busy:
            continue
        if strict and kind in ("calm", "verbal_only") and busy & _ACTIVE_VIOLENCE:
            continue
        if kind == "verbal_only" and (primary not in _CONFLICT_TYPES or "weapon" in busy):
            continue
        options[kind] = w
    return weighted(rng, options) if options else None


def risk_plan(rng: random.Random, primary: str, target: str, core: list[Phrase], extras: float = 1.0, k: int = 1) -> list[Step]:
    """Statements that give the note ``target`` risk given its core phrases.

    ``extras`` scales the chance of optional companions (negations beside the main
    statement); terse writers add fewer of them.
    """
    busy = positive_concepts(core)
    steps: list[Step] = []
    if target == "low":
        r = rng.random()
        if r < 1 - 0.45 * extras:
            return steps
        if r < 1 - 0.13 * extras:
            for _ in range(1 if rng.random() < 0.75 else 2):
                kind = negation(rng, primary, busy | {POOLS[k][2] for k in _kinds(steps)})
                if kind:
                    steps.append(statement(rng, kind, k=k))
            return steps
        steps.append(statement(rng, "possible", p_qa=0.4, k=k))
        steps.append(("update", pick(rng, rk.WEAPON_NONE_CONFIRMED)))
        return steps

    table = IMMINENT_MAIN if target == "imminent" else ELEVATED_MAIN
    main = weighted(rng, table.get(primary, table["crime"]))
    if main == "assault" and primary == "substance":
        # Name the (family) victim: a drunk stranger's assault would be a crime instead.
        main = "assault_on_victim"
    concept = POOLS[main][2]
    r = rng.random()
    if target == "imminent" and main == "present" and r < 0.24:
        lead = weighted(rng, {"no_weapon": 0.4, "possible": 0.3, "calm": 0.15, "": 0.15})
        if lead:
            steps.append(statement(rng, lead, k=k))
        confirmed = lead == "possible" and rng.random() < 0.5
        steps.append(("update", pick(rng, rk.WEAPON_PRESENT_CONFIRMED if confirmed else rk.WEAPON_PRESENT)))
        return steps
    if main == "removed" and r < 0.35:
        steps.append(statement(rng, "present", k=k))
        steps.append(("update", pick(rng, rk.WEAPON_REMOVED)))
        return steps
    if main == "assault_ended" and r < 0.4:
        steps.append(("body", pick(rng, rk.ASSAULT_ON_VICTIM if primary == "substance" else rk.ASSAULT_ACTIVE)))
        steps.append(("update", pick(rng, rk.ASSAULT_OVER)))
        return steps
    if r < 0.15 and main not in ("self", "removed"):
        # Escalation: a calmer picture first, then an update states the danger.
        if main == "possible" and "weapon" not in busy and rng.random() < 0.5:
            lead = "no_weapon"  # "NO WEAPONS ... UPD: HAS ACCESS TO GUNS IN THE HOUSE"
        elif main in ("assault", "assault_on_victim") and primary in _CONFLICT_TYPES and rng.random() < 0.4:
            lead = "verbal_only"  # "VERBAL ONLY ... UPD: NOW PHYSICAL"
        else:
            lead = negation(rng, primary, busy | {concept}, strict=False)
        if lead:
            steps.append(statement(rng, lead, k=k))
        steps.append(("update", pick_brief(rng, POOLS[main][0], k)))
        return steps
    steps.append(statement(rng, main, k=k))
    busy = busy | {concept} | ({"weapon"} if main == "shots" else set())
    if rng.random() < 0.35 * extras:
        kind = negation(rng, primary, busy)
        if kind:
            steps.append(statement(rng, kind, k=k))
    if rng.random() < 0.15 * extras:
        extra = weighted(rng, {"hx": 0.5, "threat": 0.3, "property": 0.2})
        if POOLS[extra][2] not in busy:
            steps.append(statement(rng, extra, k=k))
    if rng.random() < 0.5:
        steps.reverse()
    return steps


def _kinds(steps: list[Step]) -> list[str]:
    return [k for k, (pool, qa, _) in POOLS.items() for _, p in steps if p in pool or p in qa]


MEDICAL: dict[str, tuple[tuple[float, str], ...]] = {
    "suicide": ((0.30, "ingest_suicide"), (0.10, "bleeding"), (0.03, "unresponsive"), (0.03, "wakes")),
    "psychosis": ((0.06, "injury"), (0.02, "seizure")),
    "substance": ((0.20, "ingest_substance"), (0.14, "intox"), (0.04, "seizure"), (0.05, "unresponsive"), (0.04, "injury"), (0.04, "wakes")),
    "distress": ((0.07, "panic_breathing"), (0.02, "injury")),
    "welfare": ((0.12, "unresponsive"), (0.07, "injury"), (0.03, "breathing"), (0.04, "wakes")),
    "welfare_unreachable": ((0.12, "found_down"),),
    "family": ((0.06, "fight_injury"),),
    "crime": ((0.15, "injury"),),
    "incident": (),
}


def medical_plan(rng: random.Random, primary: str, risk_concepts: set[str], k: int = 1) -> list[Step]:
    """Medical statements for a note whose main concern is ``primary``."""

    def choose(pool: tuple[Phrase, ...]) -> Phrase:
        return pick_brief(rng, pool, k)

    r = rng.random()
    acc = 0.0
    choice = ""
    for p, kind in MEDICAL.get(primary, ()):
        acc += p
        if r < acc:
            choice = kind
            break
    steps: list[Step] = []
    if choice in ("ingest_suicide", "ingest_substance"):
        pool = med.INGESTION_SUICIDE if choice == "ingest_suicide" else med.INGESTION_SUBSTANCE
        steps.append(("body", choose(pool)))
        follow = rng.random()
        if follow < 0.3:
            steps.append(("body", choose(med.UNRESPONSIVE + med.UNRESPONSIVE_QA)))
        elif follow < 0.5:
            steps.append(("body", choose(med.BREATHING_TROUBLE + med.BREATHING_TROUBLE_QA)))
        elif follow < 0.75:
            steps.append(("qa", choose(med.CONSCIOUS_QA)))
        if choice == "ingest_substance" and rng.random() < 0.3:
            steps.append(("qa", choose(med.INTENTIONAL_NO_QA)))
    elif choice == "bleeding":
        steps.append(("body", choose(med.BLEEDING_SELF)))
    elif choice == "unresponsive":
        steps.append(("body", choose(med.UNRESPONSIVE + med.UNRESPONSIVE_QA)))
    elif choice == "wakes":
        # Conscious at first; an update says the person is now unresponsive.
        steps.append(("qa", choose(med.CONSCIOUS_QA)))
        steps.append(("update", choose(med.UNRESPONSIVE)))
    elif choice == "injury":
        steps.append(("body", choose(med.INJURY)))
    elif choice == "seizure":
        steps.append(("body", choose(med.SEIZURE)))
    elif choice == "intox":
        steps.append(("body", choose(med.INTOX_MEDICAL)))
    elif choice in ("panic_breathing", "breathing"):
        steps.append(("body", choose(med.BREATHING_PANIC if choice == "panic_breathing" else med.BREATHING_TROUBLE)))
    elif choice == "found_down":
        steps.append(("update", choose(med.FOUND_DOWN)))
    elif choice == "fight_injury" and "assault" not in risk_concepts:
        steps.append(("body", choose(med.INJURY_FROM_FIGHT)))
    return steps
