"""Labels from stated facts: TAXONOMY.md sections 1-3 in one place.

Every contentful demo note is a sequence of phrases, each tagged with the facts it
states. This module turns that ordered tag sequence into ``crisis_type``,
``violence_risk``, ``medical_need`` and ``response_model``:

* crisis concepts accumulate and are resolved by the taxonomy's precedence, with its two
  exceptions (crimes against a person, and a family assault in progress, are
  ``not_behavioral`` when no mental-health content is present);
* each risk concept (weapon, assault, threat, ...) keeps only its *latest* statement, so
  negation, uncertainty and appended updates resolve the way the taxonomy says; the
  risk is the most severe level among the concepts' final states;
* each medical concept likewise keeps its latest statement;
* ``response_model`` follows the default policy of section 3, first rule wins.

Nothing here looks at text, demographics, names or districts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from call_nlp.labels import CRISIS_TYPES, RESPONSE_MODELS, VIOLENCE_RISKS

# Short names for the label contract, unpacked in the order labels.py defines them.
SUICIDE, PSYCHOSIS, SUBSTANCE, DISTRESS, WELFARE, FAMILY, NOT_BEHAVIORAL = CRISIS_TYPES
IMMINENT, ELEVATED, LOW = VIOLENCE_RISKS
CO_RESPONSE, EMS_CLINICIAN, PEER_RESPONSE, STANDARD_DISPATCH = RESPONSE_MODELS

#: Crisis concepts a phrase can state (``crisis:<name>``). ``crime`` is a crime against a
#: person (robbery, burglary, shots fired, assault by a stranger); ``incident`` is any
#: other non-behavioral matter (traffic, fire, medical complaint, noise, property).
CRISIS_CONCEPTS = ("suicide", "psychosis", "substance", "distress", "family", "welfare", "crime", "incident")

#: Severity (0 low, 1 elevated, 2 imminent) of each state of each risk concept.
RISK_STATES: dict[str, dict[str, int]] = {
    "weapon": {"present": 2, "possible": 1, "removed": 1, "none": 0},
    "assault": {"active": 2, "ended": 1, "none": 0},
    "shots": {"active": 2, "none": 0},
    "threat": {"means": 2, "made": 1, "none": 0},
    "hi": {"stated": 1, "none": 0},
    "hx": {"yes": 1, "none": 0},
    "property": {"active": 1},
    "combative": {"yes": 1, "no": 0},
}

#: Medical concepts of TAXONOMY section 3 rule 3 (``other`` covers purely medical
#: complaints such as chest pain, which only occur in not_behavioral notes).
MEDICAL_CONCEPTS = ("ingestion", "bleeding", "unresponsive", "seizure", "breathing", "intox", "injury", "other")

_RISK_NAMES = (LOW, ELEVATED, IMMINENT)


@dataclass(frozen=True)
class Facts:
    """The resolved state of a note: what it finally says about each concept."""

    crisis: frozenset[str]
    risk_states: dict[str, str]
    medical_states: dict[str, bool]


@dataclass(frozen=True)
class Labels:
    crisis_type: str
    violence_risk: str
    medical_need: bool
    response_model: str


def parse_tag(tag: str) -> tuple[str, str, str]:
    """Split a tag into ``(kind, concept, state)`` with kind in crisis/risk/med."""
    if tag.startswith("crisis:"):
        concept = tag[7:]
        if concept not in CRISIS_CONCEPTS:
            raise ValueError(f"unknown crisis concept in tag {tag!r}")
        return "crisis", concept, "yes"
    if tag.startswith("med:"):
        concept, _, state = tag[4:].partition("=")
        if concept not in MEDICAL_CONCEPTS or state not in ("yes", "no"):
            raise ValueError(f"bad medical tag {tag!r}")
        return "med", concept, state
    concept, _, state = tag.partition("=")
    if state not in RISK_STATES.get(concept, {}):
        raise ValueError(f"bad risk tag {tag!r}")
    return "risk", concept, state


def resolve(tag_sequence: Iterable[str]) -> Facts:
    """Fold an ordered tag sequence: crisis concepts accumulate, the rest keep the latest."""
    crisis: set[str] = set()
    risk: dict[str, str] = {}
    med: dict[str, bool] = {}
    for tag in tag_sequence:
        kind, concept, state = parse_tag(tag)
        if kind == "crisis":
            crisis.add(concept)
        elif kind == "risk":
            risk[concept] = state
        else:
            med[concept] = state == "yes"
    return Facts(frozenset(crisis), risk, med)


def crisis_type(facts: Facts) -> str:
    """Section 1: precedence, with the crime and family-assault exceptions."""
    c = facts.crisis
    if "suicide" in c:
        return SUICIDE
    if "psychosis" in c:
        return PSYCHOSIS
    # A crime against a person with no mental-health content, even if someone is intoxicated.
    if "crime" in c and "distress" not in c:
        return NOT_BEHAVIORAL
    if "substance" in c:
        return SUBSTANCE
    if "distress" in c:
        return DISTRESS
    if "family" in c:
        # A physical assault in progress between family members, no MH/substance content.
        return NOT_BEHAVIORAL if facts.risk_states.get("assault") == "active" else FAMILY
    if "welfare" in c:
        return WELFARE
    return NOT_BEHAVIORAL


def violence_risk(facts: Facts) -> str:
    """Section 2: the most severe final state among the risk concepts."""
    level = 0
    for concept, state in facts.risk_states.items():
        level = max(level, RISK_STATES[concept][state])
    return _RISK_NAMES[level]


def medical_need(facts: Facts) -> bool:
    """Section 3 rule 3: a medical need is stated (and not later withdrawn)."""
    return any(facts.medical_states.values())


def response_model(crisis: str, risk: str, medical: bool) -> str:
    """Section 3, the default policy: the first rule that applies wins."""
    if crisis == NOT_BEHAVIORAL:
        return STANDARD_DISPATCH
    if risk in (IMMINENT, ELEVATED):
        return CO_RESPONSE
    if medical or crisis in (SUICIDE, PSYCHOSIS):
        return EMS_CLINICIAN
    return PEER_RESPONSE


def label(tag_sequence: Iterable[str]) -> Labels:
    """All four labels of a contentful note from its ordered tags."""
    facts = resolve(tag_sequence)
    crisis = crisis_type(facts)
    risk = violence_risk(facts)
    med = medical_need(facts)
    return Labels(crisis, risk, med, response_model(crisis, risk, med))


def is_informative(tag_sequence: Iterable[str]) -> bool:
    """Whether the tags say anything about the situation (any crisis concept)."""
    return any(t.startswith("crisis:") for t in tag_sequence)
