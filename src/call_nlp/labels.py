"""The label contract of ../shared/TAXONOMY.md: the only strings datasets, models and the API use."""

from typing import Final

CRISIS_TYPES: Final[tuple[str, ...]] = (
    "suicide_risk",
    "psychosis",
    "substance_use",
    "emotional_distress",
    "welfare_check",
    "family_conflict",
    "not_behavioral",
)
VIOLENCE_RISKS: Final[tuple[str, ...]] = ("imminent", "elevated", "low")
RESPONSE_MODELS: Final[tuple[str, ...]] = (
    "co_response",
    "ems_clinician",
    "peer_response",
    "standard_dispatch",
)

#: TAXONOMY section 1's precedence when a note mixes concerns, highest first.
PRECEDENCE: Final[tuple[str, ...]] = (
    "suicide_risk", "psychosis", "substance_use", "emotional_distress", "family_conflict", "welfare_check",
)

#: The crisis type of calls with no behavioral-health component (TAXONOMY section 1).
NOT_BEHAVIORAL: Final[str] = "not_behavioral"

#: The two learned heads, in the order the model predicts them.
HEADS: Final[tuple[str, ...]] = ("crisis_type", "violence_risk")
LABELS: Final[dict[str, tuple[str, ...]]] = {
    "crisis_type": CRISIS_TYPES,
    "violence_risk": VIOLENCE_RISKS,
    "response_model": RESPONSE_MODELS,
}

#: Responses that send no police: unsafe for a note whose violence risk is imminent.
UNARMED_RESPONSES: Final[frozenset[str]] = frozenset({"ems_clinician", "peer_response"})

#: Violence-risk labels ordered from least to most dangerous, for "at least" comparisons.
RISK_ORDER: Final[dict[str, int]] = {"low": 0, "elevated": 1, "imminent": 2}
