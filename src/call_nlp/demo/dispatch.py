"""Dispatch-software parts any note may carry, at the rates CAD_TEXT.md measured.

Unit-status lines, dispositions, "Medical: No / Hazards: No" flags and a caller's words
in Spanish are drawn here for ordinary and behavioral notes alike, each branch at its
own measured rate, so none of them marks a label by being present.
"""

from __future__ import annotations

import random

from call_nlp.demo import bank_dispatch as bd
from call_nlp.demo import protocol
from call_nlp.demo.phrasebook import Phrase, pick
from call_nlp.demo.segments import Seg

#: Share of dispositions that are the call kind's own rather than shared ones.
P_OWN_OUTCOME = 0.75
#: Words a unit-status line adds, roughly (for length budgets).
LOG_WORDS = 3.5


#: Unit-status lines by branch: fire/EMS units on ordinary calls, police units on police
#: calls (crimes and disputes), both on behavioral calls.
UNIT_LINES = {"ordinary": bd.UNIT_STATUS, "behavioral": bd.UNIT_STATUS + bd.POLICE_STATUS, "police": bd.POLICE_STATUS}


def log_lines(rng: random.Random, branch: str, room: float = 0.0, person: bool = True) -> list[Seg]:
    """Unit-status lines with the branch's measured probability; more when there is room.
    Transport lines only on calls about a person."""
    if rng.random() >= bd.P_LOG[branch]:
        return []
    n = 1 + int(rng.random() * min(5.0, 1.0 + max(room, 0.0) / 12.0))
    pool = UNIT_LINES[branch] + bd.TRANSPORT_STATUS if person else UNIT_LINES[branch]
    return [Seg(pick(rng, pool), kind="log") for _ in range(n)]


def outcome(rng: random.Random, branch: str, own: tuple[Phrase, ...] = ()) -> list[Seg]:
    """A disposition: the call kind's own (``own``) or a shared one."""
    if rng.random() >= bd.P_OUTCOME[branch]:
        return []
    pool = own if own and rng.random() < P_OWN_OUTCOME else bd.OUTCOMES
    return [Seg(pick(rng, pool), kind="tail")]


def flags(rng: random.Random) -> list[Seg]:
    """A "Medical: No / Hazards: No" premise flag (2% of notes)."""
    return [Seg(pick(rng, protocol.FLAGS), kind="qa")] if rng.random() < bd.P_FLAGS else []


def spanish(rng: random.Random, pool: tuple[Phrase, ...] = bd.SPANISH_NEUTRAL, p: float = bd.P_SPANISH) -> list[Seg]:
    """The caller's words in Spanish beside the English note (1% of notes unless ``p``)."""
    return [Seg(pick(rng, pool), verbatim=True)] if rng.random() < p else []
