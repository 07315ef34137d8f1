"""Crime and dispute scenarios: what a police call's note states, at every risk level.

A scenario is one kind of crime or conflict between people who are not family (threats,
fights, weapons in public, shootings, civil disputes, burglaries and prowlers, thefts and
vandalism, harassment and scams, found hazards). A note of a scenario is drawn as a
target violence risk, then a *plan*: the level of the situation phrase to open with and
the statements (:data:`bank_police.PARTS`) to add after it, in the body or in an
appended update (``+name``). Plans include negations beside real danger ("NO WEAPONS
SEEN" next to a threat), escalations ("VERBAL ONLY ... UPD: NOW PHYSICAL"), de-escalations
("MAN WITH A GUN ... UPD: ITEM WAS A CELL PHONE") and injuries. The plan only chooses;
labels are computed from the tags that reach the text (:mod:`call_nlp.demo.labeling`), and
the tests check that they agree with the target.

:mod:`call_nlp.demo.ordinary` assembles the note (people, protocol text, unit-status
lines, fill) around what :func:`draw` returns.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import cached_property

from call_nlp.demo import bank_conflict as bc
from call_nlp.demo import bank_police as bp
from call_nlp.demo import bank_property_crime as bpc
from call_nlp.demo import bank_risk as rk
from call_nlp.demo import vocab
from call_nlp.demo.people import Cast, weapon_of
from call_nlp.demo.phrasebook import Phrase, pick, pick_brief, weighted
from call_nlp.demo.plans import Step
from call_nlp.demo.protocol import Complaint
from call_nlp.demo.segments import Seg

Plans = dict[str, dict[tuple[str, ...], float]]

#: Chance that a note opens with the CAD call type ("THREATS", "NATURE: DISTURBANCE").
P_CALLTYPE = 0.3
#: How a call-type line reads ({t} the call type).
CALLTYPE_FORMS = ("{t}", "{t}", "CALL TYPE: {t}", "NATURE: {t}", "TYPE: {t}", "** {t} **", "INC: {t}")
#: Protocol-answer forms of the risk statements (placed with the protocol answers).
_QA = frozenset(id(p) for p in rk.WEAPON_PRESENT_QA + rk.WEAPON_POSSIBLE_QA + rk.WEAPON_NONE_QA + rk.CALM_QA + rk.COMBATIVE_QA)


@dataclass(frozen=True)
class Scenario:
    """One kind of crime or dispute and how its notes are composed."""

    cores: dict[str, tuple[Phrase, ...]]  # situation phrases by the risk level their tags state (or a named pool)
    risk: dict[str, float]  # target violence risk shares
    plans: Plans  # target -> {(core level, *parts): weight}
    parties: tuple[str, ...]  # who the other party is ({party}); never family
    callers: tuple[str, ...]  # who calls
    calltypes: tuple[str, ...]  # CAD call-type names
    chief: tuple[str, ...]  # chief-complaint names (protocol header)
    codes: tuple[str, ...]  # CAD call-type codes
    protocol: int = 0  # medical protocol EMS runs it under (0: none shown)
    intox: bool = False  # a crime against a person: an intoxicated suspect keeps it not behavioral
    person: bool = True
    weapons: dict[str, float] = field(default_factory=lambda: dict(vocab.WEAPON_FAMILIES))
    details: tuple[Phrase, ...] = bp.DETAILS  # label-neutral details for longer notes
    updates: tuple[Phrase, ...] = bp.UPDATES  # label-neutral appended updates
    agitation: tuple[Phrase, ...] = bp.AGITATION  # upset words at the ordinary rate

    @property
    def crisis(self) -> str:
        return next(t for group in self.cores.values() for p in group for t in p.tags if t.startswith("crisis:"))

    @cached_property
    def complaint(self) -> Complaint:
        """The scenario as an ordinary-call complaint (protocol header, details, updates, fill)."""
        core = tuple({id(p): p for group in self.cores.values() for p in group}.values())
        return Complaint(
            core=core, chief=self.chief, codes=self.codes, protocol=self.protocol, details=self.details,
            updates=self.updates, outcomes=bp.OUTCOMES, agitation=self.agitation, person=self.person,
        )


SCENARIOS: dict[str, tuple[float, Scenario]] = {
    "threat": (0.14, Scenario(
        bc.THREAT, {"imminent": 0.25, "elevated": 0.5, "low": 0.25},
        {
            "imminent": {("imminent",): 0.45, ("elevated", "means"): 0.22, ("elevated", "+present"): 0.15, ("elevated", "no_weapon", "+present"): 0.08, ("low", "means"): 0.1},
            "elevated": {("elevated",): 0.34, ("elevated", "no_weapon"): 0.2, ("elevated", "possible"): 0.14, ("low", "threat"): 0.1, ("elevated", "hx"): 0.08,
                         ("elevated", "+calm"): 0.04, ("low", "possible"): 0.05, ("low", "combative"): 0.05},
            "low": {("low",): 0.45, ("low", "no_threat"): 0.2, ("low", "no_weapon"): 0.15, ("low", "calm"): 0.1, ("low", "verbal_only"): 0.1},
        },
        bc.THREAT_PARTIES, ("victim", "neighbor", "store manager", "coworker", "driver", "tenant", "landlord"),
        ("THREATS", "THREAT", "MENACING", "HARASSMENT/THREATS", "VERBAL THREATS", "DISTURBANCE"),
        ("Threats", "Disturbance", "Harassment"), ("THREAT", "THRT", "DIST", "HARASS"), intox=True,
        weapons={"gun": 0.45, "blade": 0.35, "improvised": 0.2},
    )),
    "fight": (0.15, Scenario(
        bc.FIGHT, {"imminent": 0.4, "elevated": 0.35, "low": 0.25},
        {
            "imminent": {("imminent",): 0.35, ("imminent", "injury"): 0.15, ("imminent", "down"): 0.07, ("imminent", "no_weapon"): 0.12, ("imminent", "unknown"): 0.06,
                         ("low", "verbal_only", "+assault"): 0.1, ("low", "+assault"): 0.07, ("imminent", "present"): 0.08},
            "elevated": {("elevated",): 0.3, ("elevated", "injury"): 0.2, ("elevated", "no_weapon"): 0.12, ("elevated", "no_injury"): 0.08, ("imminent", "+over"): 0.15,
                         ("low", "unknown"): 0.06, ("elevated", "injury", "no_weapon"): 0.09},
            "low": {("low",): 0.45, ("low", "verbal_only"): 0.3, ("low", "no_weapon"): 0.1, ("low", "calm"): 0.1, ("low", "verbal_only", "no_injury"): 0.05},
        },
        bc.FIGHT_PARTIES, ("witness", "bartender", "security guard", "store clerk", "passerby", "victim", "neighbor", "school staff"),
        ("FIGHT", "DISTURBANCE", "DISTURBANCE-FIGHT", "ASSAULT", "ASLT", "BATTERY"),
        ("Assault/Sexual Assault/Stun Gun", "Fight", "Disturbance"), ("FIGHT", "ASLT", "DIST", "BATT"), protocol=4, intox=True,
        weapons={"gun": 0.1, "blade": 0.4, "improvised": 0.5},
    )),
    "weapon": (0.1, Scenario(
        bc.WEAPON, {"imminent": 0.7, "elevated": 0.22, "low": 0.08},
        {
            "imminent": {("imminent",): 0.6, ("imminent", "no_injury"): 0.05, ("elevated", "+present"): 0.12, ("imminent", "threat"): 0.08, ("imminent", "hx"): 0.05,
                         ("imminent", "calm"): 0.05, ("elevated", "present"): 0.05},
            "elevated": {("elevated",): 0.45, ("imminent", "+removed"): 0.2, ("elevated", "threat"): 0.1, ("elevated", "hx"): 0.05, ("elevated", "calm"): 0.1, ("elevated", "no_injury"): 0.1},
            "low": {("imminent", "+toy"): 0.45, ("elevated", "+confirmed_none"): 0.55},
        },
        bc.WEAPON_PARTIES, ("witness", "store clerk", "security guard", "passerby", "bus driver", "victim", "manager"),
        ("WEAPONS CALL", "WEAPONS COMPLAINT", "BRANDISHING", "ARMED SUBJECT", "SUSP PERSON"),
        ("Weapons Complaint", "Robbery", "Suspicious Person"), ("WEAP", "MWG", "ROBB", "BRAND"), intox=True,
        weapons={"gun": 0.45, "blade": 0.4, "improvised": 0.15},
    )),
    "shooting": (0.04, Scenario(
        bc.SHOOTING, {"imminent": 0.85, "low": 0.15},
        {
            "imminent": {("imminent",): 0.7, ("imminent", "down"): 0.1, ("imminent", "injury"): 0.1, ("low", "+shots"): 0.1},
            "low": {("shots", "+no_shots"): 0.6, ("low",): 0.4},
        },
        bc.FIGHT_PARTIES, ("witness", "neighbor", "passerby", "victim", "bartender"),
        ("SHOTS FIRED", "SHOOTING", "SOUNDS OF SHOTS", "SHOTS HEARD"),
        ("Stab/Gunshot/Penetrating Trauma", "Shots Fired"), ("GSW", "SHOTS", "SHOOT"), protocol=27, intox=True,
        weapons={"gun": 1.0},
    )),
    "stabbing": (0.03, Scenario(
        bc.STABBING, {"imminent": 0.45, "elevated": 0.55},
        {
            "imminent": {("imminent",): 0.8, ("imminent", "down"): 0.1, ("elevated", "+present"): 0.1},
            "elevated": {("elevated",): 0.55, ("elevated", "no_weapon"): 0.1, ("elevated", "possible"): 0.15, ("elevated", "hx"): 0.05, ("elevated", "down"): 0.15},
        },
        bc.FIGHT_PARTIES, ("witness", "neighbor", "passerby", "victim", "bartender"),
        ("STABBING", "ASSAULT W/ WEAPON", "CUTTING", "STAB"),
        ("Stab/Gunshot/Penetrating Trauma", "Assault/Sexual Assault/Stun Gun"), ("STAB", "ASLT", "CUT"), protocol=27, intox=True,
        weapons={"blade": 1.0},
    )),
    "dispute": (0.17, Scenario(
        bc.DISPUTE, {"imminent": 0.05, "elevated": 0.22, "low": 0.73},
        {
            "imminent": {("low", "+present"): 0.35, ("low", "+assault"): 0.3, ("elevated", "+present"): 0.15, ("low", "calm", "+assault"): 0.1, ("low", "means"): 0.1},
            "elevated": {("elevated",): 0.35, ("low", "threat"): 0.25, ("low", "combative"): 0.1, ("low", "property"): 0.05, ("low", "possible"): 0.1, ("low", "hx"): 0.08,
                         ("low", "threat", "no_weapon"): 0.07},
            "low": {("low",): 0.35, ("low", "calm"): 0.2, ("low", "verbal_only"): 0.2, ("low", "no_weapon"): 0.1, ("low", "no_threat"): 0.08, ("low", "calm", "no_weapon"): 0.07},
        },
        bc.DISPUTE_PARTIES, ("tenant", "landlord", "neighbor", "store manager", "employee", "property manager", "homeowner", "restaurant manager"),
        ("CIVIL", "CIVIL DISPUTE", "DISPUTE", "DISTURBANCE", "VERBAL DISPUTE", "CIVIL PROBLEM"),
        ("Civil Problem", "Disturbance", "Unwanted Person"), ("CIVIL", "DIST", "L/T", "UNWANT", "STBY"), updates=bp.UPDATES + bc.DISPUTE_UPDATES,
        weapons={"gun": 0.2, "blade": 0.2, "improvised": 0.6},
    )),
    "burglary": (0.1, Scenario(
        bpc.BURGLARY, {"imminent": 0.08, "elevated": 0.32, "low": 0.6},
        {
            "imminent": {("imminent",): 0.7, ("in_progress", "+present"): 0.3},
            "elevated": {("in_progress", "unknown"): 0.6, ("in_progress", "+unknown"): 0.15, ("in_progress", "hx"): 0.1, ("in_progress", "threat"): 0.15},
            "low": {("low",): 0.55, ("in_progress",): 0.2, ("in_progress", "no_weapon"): 0.15, ("low", "no_weapon"): 0.1},
        },
        bpc.BURGLARY_PARTIES, ("homeowner", "neighbor", "resident", "business owner", "alarm company", "witness"),
        ("BURGLARY", "PROWLER", "SUSP PERSON", "SUSPICIOUS CIRCUMSTANCES", "CHECK THE AREA"),
        ("Burglary", "Prowler", "Suspicious Person", "Trespass"), ("BURG", "PROWL", "SUSP", "TRESP"), intox=True,
        weapons={"gun": 0.3, "blade": 0.3, "improvised": 0.4},
    )),
    "theft": (0.12, Scenario(
        bpc.THEFT, {"imminent": 0.08, "elevated": 0.2, "low": 0.72},
        {
            "imminent": {("imminent",): 0.8, ("elevated", "+present"): 0.2},
            "elevated": {("elevated",): 0.6, ("elevated", "no_weapon"): 0.15, ("low", "possible"): 0.1, ("elevated", "no_injury"): 0.15},
            "low": {("low",): 0.7, ("low", "no_weapon"): 0.15, ("low", "no_injury"): 0.15},
        },
        bpc.THEFT_PARTIES, ("victim", "LP officer", "store manager", "owner", "witness"),
        ("THEFT", "LARCENY", "PROPERTY CRIME", "THEFT REPORT", "REPORT CALL"),
        ("Theft", "Robbery", "Vandalism"), ("THEFT", "LARC", "SHOP", "VAND", "ROBB"), intox=True,
        weapons={"gun": 0.2, "blade": 0.4, "improvised": 0.4},
    )),
    "harassment": (0.08, Scenario(
        bpc.HARASSMENT, {"imminent": 0.03, "elevated": 0.3, "low": 0.67},
        {
            "imminent": {("stalking", "+present"): 0.6, ("low", "means"): 0.4},
            "elevated": {("stalking", "hx"): 0.3, ("stalking", "threat"): 0.2, ("low", "threat"): 0.2, ("stalking", "possible"): 0.15, ("low", "hx"): 0.15},
            "low": {("low",): 0.3, ("fraud",): 0.3, ("stalking",): 0.2, ("low", "no_threat"): 0.1, ("stalking", "no_threat"): 0.1},
        },
        bpc.HARASSMENT_PARTIES, ("victim", "bank employee", "caregiver", "neighbor"),
        ("HARASSMENT", "REPORT CALL", "STALKING/HARASSMENT", "FRAUD/HARASSMENT"),
        ("Harassment", "Fraud", "Stalking"), ("HARASS", "FRAUD", "STALK", "SCAM"),
    )),
    "hazard": (0.07, Scenario(
        bpc.HAZARD, {"low": 1.0}, {"low": {("low",): 1.0}},
        ("someone",), ("passerby", "park staff", "driver", "resident", "witness"),
        ("HAZARD", "CHECK THE AREA", "SERVICE CALL", "FOUND PROPERTY/HAZARD"),
        ("Found Property", "Traffic Hazard", "Citizen Assist/Service Call"), ("FOUND", "HAZ", "ABAND", "SHARPS"), person=False,
        details=bp.HAZARD_DETAILS, updates=bp.HAZARD_UPDATES, agitation=(),
    )),
}


@dataclass
class Draw:
    """What one crime or dispute note states, before the ordinary-call parts are added."""

    kind: str
    target: str
    scenario: Scenario
    core: Phrase
    steps: list[Step]
    calltype: Seg | None


def draw(rng: random.Random, k: int = 1) -> Draw:
    """A scenario, its target risk, the opening situation, the plan's statements and
    maybe a call-type line; ``k`` > 1 prefers shorter phrasings."""
    kind = str(weighted(rng, {name: w for name, (w, _) in SCENARIOS.items()}))
    scenario = SCENARIOS[kind][1]
    target = str(weighted(rng, scenario.risk))
    plan = weighted(rng, scenario.plans[target])
    assert isinstance(plan, tuple)
    core = pick_brief(rng, scenario.cores[plan[0]], k)
    steps: list[Step] = []
    for part in plan[1:]:
        update = part.startswith("+")
        phrase = pick_brief(rng, bp.PARTS[part.lstrip("+")], k)
        steps.append(("update" if update else "qa" if id(phrase) in _QA else "body", phrase))
    body = [s for s in steps if s[0] != "update"]
    if len(body) > 1 and rng.random() < 0.5:
        body.reverse()
    steps = body + [s for s in steps if s[0] == "update"]
    calltype = None
    if rng.random() < P_CALLTYPE:
        text = pick(rng, CALLTYPE_FORMS).format(t=pick(rng, scenario.calltypes))
        calltype = Seg(Phrase(text, (scenario.crisis,)), kind="header")
    return Draw(kind, target, scenario, core, steps, calltype)


def dress(rng: random.Random, cast: Cast, scenario: Scenario) -> None:
    """Make ``cast`` the people of a crime or dispute: the other party (never family) is
    the subject, the caller one of the scenario's callers, the weapon of its kinds."""
    party = pick(rng, scenario.parties)
    cast.party = party
    cast.subject_nps = (party, party, "SUSP", "the suspect", "the {mf}")
    cast.quote_nps = ("this guy" if cast.sex == "m" else "this lady" if cast.sex == "f" else "this person", cast.pronouns[0], "this {mf}")
    cast.caller_kind, cast.caller_word = "other", pick(rng, scenario.callers)
    cast.weapon = weapon_of(rng, scenario.weapons)


def person_share() -> float:
    """Share of crime and dispute notes that are about a person."""
    total = sum(w for w, _ in SCENARIOS.values())
    return sum(w for w, s in SCENARIOS.values() if s.person) / total
