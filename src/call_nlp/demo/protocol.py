"""Protocol-software boilerplate: determinant codes, chief complaints, key questions.

Facts (CAD_TEXT.md and general knowledge of emergency dispatch protocols): in a
determinant code the number is the protocol (the chief complaint), the letter the
acuity (Omega, Alpha ... Echo) and the last number the determinant. Protocol 25
(psychiatric, abnormal behavior, suicide attempt) and 23 (overdose, poisoning) are
behavioral; ordinary calls run under the others. Codes are written several ways
("17-A-1", "10D04", "6-C-1", "Determinant: 29B01") beside "Chief Complaint:",
"Problem:", "Dispatch CAD Code:", "Response Text:" and "ProQA" lines.

A :class:`Complaint` is one kind of ordinary call: how notes state it and the protocol
boilerplate, details, updates and dispositions that go with it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, fields

from call_nlp.demo.phrasebook import Phrase, bank, pick, weighted
from call_nlp.demo.segments import Seg

#: Protocol numbers of behavioral calls; no ordinary complaint may use them.
BEHAVIORAL_PROTOCOLS = (23, 25)
#: Determinant code layouts (p protocol, a acuity letter, n determinant number).
CODE_FORMS = {"{p}-{a}-{n}": 0.34, "{p:02d}{a}{n:02d}": 0.3, "{p}{a}{n:02d}": 0.12, "{p}-{a}-{n:02d}": 0.12, "{p}{a}{n}": 0.12}
#: How a code line reads ({c} the code, {r} a response level).
CODE_LINES = {
    "{c}": 0.28, "Determinant: {c}": 0.2, "DETERMINANT: {c}": 0.1, "Dispatch CAD Code: {c}": 0.1, "ProQA: {c}": 0.08,
    "PROQA {c}": 0.05, "{c} {r}": 0.14, "Determinant Code: {c}": 0.05,
}
CHIEF_LEADS = {"Chief Complaint": 0.45, "CHIEF COMPLAINT": 0.25, "Nature": 0.1, "CC": 0.08, "Complaint": 0.06, "Problem Nature": 0.06}
PROBLEM_LEADS = ("Problem:", "PROBLEM:", "Problem Description:", "Caller Statement:")
RESPONSES = ("ALS", "BLS", "P1", "P2", "P3", "Priority 1", "Priority 2", "Hot", "Cold", "Code 3", "Code 2", "Non-Emergent")
#: Chances of each header line given that a note has a protocol header.
P_CHIEF, P_CODE, P_PROBLEM, P_CAD_LINE = 0.75, 0.85, 0.35, 0.3

#: "Medical: No / Hazards: No" style premise flags (label-neutral, 2% of notes).
FLAGS = bank(
    "",
    "[Medical|MEDICAL]: [No|NO|Yes|N] [Hazards|HAZARDS]: [No|NO|N|None]",
    "[MEDICAL: NO / HAZARDS: NO|MED: N HAZ: N|Medical: No / Hazards: No|Hazards: No Medical: No]",
    "[HAZARDS|Hazards]: [NONE KNOWN|None|NO] [Weapons|WEAPONS]: [None|NO]",
    "[PREMISE|Premise] [INFO|Info]: [NONE|None] [Medical: No|MEDICAL: NO|]",
)
#: ProQA-style key-question summaries ({age} and {mf} come from the note's cast).
SUMMARY_AWAKE = bank(
    "",
    "[{age} year old|{age} YEAR OLD|{age} YO], [{mf}|{mf}], [Conscious|CONSCIOUS], [Breathing|BREATHING]",
    "[Key Questions|KQ]: [pt is conscious and breathing|CONSCIOUS AND BREATHING|conscious, breathing, alert]",
)
SUMMARY_DOWN = bank(
    "",
    "[{age} year old|{age} YEAR OLD|{age} YO], [{mf}|{mf}], [Unconscious|UNCONSCIOUS], [Breathing Uncertain|NOT BREATHING|Not Breathing]",
    "[Key Questions|KQ]: [not conscious, breathing uncertain|UNCONSCIOUS, NOT BREATHING]",
)


@dataclass(frozen=True)
class Complaint:
    """One kind of ordinary call: how notes state it and the protocol it runs under."""

    core: tuple[Phrase, ...]  # the situation (tagged crisis:incident, plus medical facts)
    chief: tuple[str, ...]  # chief-complaint names
    codes: tuple[str, ...]  # the CAD's own call-type codes
    protocol: int = 0  # determinant protocol number; 0 when the note shows no code
    acuity: str = "ABCD"  # acuity letters its determinants use
    details: tuple[Phrase, ...] = ()  # further facts for longer notes
    qa: tuple[Phrase, ...] = ()  # key-question answers
    updates: tuple[Phrase, ...] = ()  # appended updates
    outcomes: tuple[Phrase, ...] = ()  # dispositions
    agitation: tuple[Phrase, ...] = ()  # ordinary upset words ("crying in pain")
    person: bool = True  # a person is the subject: age/sex, descriptors, caller intros
    age: str = ""  # age hint for the cast ("old")
    down: bool = False  # the subject is unconscious (ProQA summary says so)

    def __post_init__(self) -> None:
        if self.protocol in BEHAVIORAL_PROTOCOLS:
            raise ValueError(f"protocol {self.protocol} is behavioral")

    def phrases(self) -> tuple[Phrase, ...]:
        """Every phrase of the complaint (for bank checks)."""
        return tuple(p for f in fields(self) if isinstance(v := getattr(self, f.name), tuple) for p in v if isinstance(p, Phrase))


def determinant(rng: random.Random, protocol: int, acuity: str) -> str:
    """A determinant code of ``protocol``: acuity letter and determinant number vary."""
    number = 1 + int(rng.random() ** 1.6 * 12)
    return str(weighted(rng, CODE_FORMS)).format(p=protocol, a=pick(rng, acuity), n=number)


def _code_line(rng: random.Random, code: str) -> str:
    return str(weighted(rng, CODE_LINES)).format(c=code, r=pick(rng, RESPONSES))


def header(rng: random.Random, chief: tuple[str, ...], protocol: int, acuity: str,
           cad_codes: tuple[str, ...], problem: Phrase | None) -> list[Seg]:
    """Protocol-software lines: chief complaint, determinant code, Problem: line, CAD code."""
    out: list[Seg] = []
    if rng.random() < P_CHIEF:
        out.append(Seg(text=f"{weighted(rng, CHIEF_LEADS)}: {pick(rng, chief)}", kind="header"))
    if protocol and rng.random() < P_CODE:
        out.append(Seg(text=_code_line(rng, determinant(rng, protocol, acuity)), kind="header"))
    if problem is not None and rng.random() < P_PROBLEM:
        out.append(Seg(problem, kind="header", prefix=pick(rng, PROBLEM_LEADS)))
    if cad_codes and (not out or rng.random() < P_CAD_LINE):
        resp = pick(rng, RESPONSES)
        out.append(Seg(text=pick(rng, (f"Dispatch CAD Code: {pick(rng, cad_codes)} Response Text: {resp}",
                                       f"Response Text: {resp}", f"CAD CODE: {pick(rng, cad_codes)}",
                                       f"Call Type: {pick(rng, cad_codes)} / {resp}")), kind="header"))
    return out
