"""Safety rules: what a note's own words demand of a suggestion, whatever the classifier says.

Every rule that overrides the classifier or the policy lives here, and reads only the
language layer's output (`NoteAnalysis`), so each can be tested without a trained model:

- **floors** (TAXONOMY section 2): a weapon present, an assault in progress, or a threat
  together with access to a weapon is ``imminent``; a weapon that may be present or was
  removed during the call, a threat or homicidal ideation, a history of violence, property
  destruction, aggression or a reported assault is at least ``elevated``, whether the note
  states it now or as something that happened earlier;
- **ceiling**: a note that says nothing about violence (no violence cue of any status) is
  ``low``: the classifier must not read danger from words about the crisis itself;
- **weapon guarantee** (TAXONOMY section 4): a note that states a weapon present is never
  sent unarmed responders (``ems_clinician``, ``peer_response``).

Floors only raise risk and the ceiling only lowers it, and they never both apply: any
floor needs a violence cue, and the ceiling needs none.
"""

from __future__ import annotations

from dataclasses import dataclass

from call_nlp.cues import Cue
from call_nlp.labels import NOT_BEHAVIORAL, RISK_ORDER, UNARMED_RESPONSES
from call_nlp.language import NoteAnalysis

#: Cue kinds that make a note at least elevated when the note affirms them, and why.
ELEVATED_KINDS: dict[str, str] = {
    "threat": "a threat to hurt others (or homicidal ideation) is stated",
    "violence_history": "a history of violence toward others or responders is stated",
    "property": "property is being destroyed",
    "aggression": "the person is combative or aggressive",
}


#: What the note says of a threat, aggression or assault that makes it count: stated now, or
#: earlier (TAXONOMY section 2: a history of violence toward others is elevated).
STATED = ("affirmed", "historical")


@dataclass(frozen=True)
class RiskBound:
    """A violence-risk level the note's words demand: at least (``floor``) or at most."""

    level: str
    kind: str  # "floor" | "ceiling"
    why: str

    def applies_to(self, predicted: str) -> bool:
        """Whether ``predicted`` breaks this bound (and so must be replaced by ``level``)."""
        if self.kind == "floor":
            return RISK_ORDER[predicted] < RISK_ORDER[self.level]
        return RISK_ORDER[predicted] > RISK_ORDER[self.level]

    def reason(self, changed: bool = True) -> str:
        """Why risk is what it is: ``changed`` when this bound replaced the classifier's label."""
        if not changed:
            return f"{self.why}: violence risk at least {self.level}"
        verb = "raised to" if self.kind == "floor" else "kept at"
        return f"{self.why}: violence risk {verb} {self.level}"


def risk_floor(analysis: NoteAnalysis) -> RiskBound | None:
    """The least violence risk the note's own words demand (TAXONOMY section 2), or None."""
    cues, resolved = analysis.cues, analysis.resolved
    weapon = resolved.get("weapon")
    if weapon == "affirmed":
        return RiskBound("imminent", "floor", _stated(cues, "weapon", "affirmed", "stated present"))
    if _latest_has(cues, "assault", "assault in progress"):
        return RiskBound("imminent", "floor", _stated(cues, "assault", "affirmed", "stated"))
    threat = resolved.get("threat") == "affirmed"
    if threat and weapon == "uncertain":
        means = _names(cues, "weapon", "uncertain")
        return RiskBound("imminent", "floor", f"threat to hurt someone, with possible access to a {means}")
    if weapon == "uncertain":
        return RiskBound("elevated", "floor", _stated(cues, "weapon", "uncertain", "may be present"))
    if weapon == "historical":
        return RiskBound("elevated", "floor", _stated(cues, "weapon", "historical", "was present earlier in the call"))
    for kind, why in ELEVATED_KINDS.items():
        status = resolved.get(kind)
        if status in STATED:  # a threat made earlier, violence "last year": a history of violence
            earlier = ", earlier" if status == "historical" else ""
            return RiskBound("elevated", "floor", f"{why} ({_names(cues, kind, status)}{earlier})")
    reported = _latest_has(cues, "assault", "assault reported", STATED)
    if reported or _latest_has(cues, "assault", "assault in progress", ("historical",)):  # "was hitting her earlier"
        return RiskBound("elevated", "floor", "an assault was reported")
    return None


def risk_ceiling(analysis: NoteAnalysis) -> RiskBound | None:
    """``low`` for a note with no violence cue of any status (affirmed, negated, uncertain …)."""
    if analysis.has_violence_cue:
        return None
    return RiskBound("low", "ceiling", "the note says nothing about weapons, threats, assault or aggression")


def risk_bound(analysis: NoteAnalysis) -> RiskBound | None:
    """The floor or ceiling that applies to ``analysis`` (never both)."""
    return risk_floor(analysis) or risk_ceiling(analysis)


def weapon_present(analysis: NoteAnalysis) -> bool:
    """Whether the note, read to its latest update, states a weapon present."""
    return analysis.resolved.get("weapon") == "affirmed"


def guard_response(response_model: str, crisis_type: str, analysis: NoteAnalysis) -> tuple[str, str | None]:
    """The weapon guarantee: a stated weapon never gets unarmed responders.

    Returns the response to suggest and, when the guarantee changed it, the reason."""
    if not (weapon_present(analysis) and response_model in UNARMED_RESPONSES):
        return response_model, None
    safe = "standard_dispatch" if crisis_type == NOT_BEHAVIORAL else "co_response"
    weapons = _names(analysis.cues, "weapon", "affirmed")
    return safe, f"safety rule: {weapons} stated present, so not {response_model}; suggesting {safe}"


def _latest(cues: list[Cue], kind: str) -> list[Cue]:
    """The cues of ``kind`` in the latest update that mentions it."""
    of_kind = [c for c in cues if c.kind == kind]
    last = max((c.segment for c in of_kind), default=0)
    return [c for c in of_kind if c.segment == last]


def _latest_has(cues: list[Cue], kind: str, concept: str, statuses: tuple[str, ...] = ("affirmed",)) -> bool:
    return any(c.concept == concept and c.status in statuses for c in _latest(cues, kind))


def _names(cues: list[Cue], kind: str, status: str) -> str:
    """The concepts of ``kind`` with ``status`` in the latest update that mentions ``kind``."""
    names = [c.concept for c in _latest(cues, kind) if c.status == status]
    if not names:  # a weapon removed in a later update: name it from where it was stated
        names = [c.concept for c in cues if c.kind == kind and c.status != "negated"]
    return ", ".join(dict.fromkeys(names)) or kind


def _stated(cues: list[Cue], kind: str, status: str, what: str) -> str:
    """"knife stated present (latest update)": the concepts, what the note says of them, and
    whether an appended update said it."""
    latest = _latest(cues, kind)
    in_update = bool(latest) and latest[0].segment > 0
    return f"{_names(cues, kind, status)} {what}{' (latest update)' if in_update else ''}"
