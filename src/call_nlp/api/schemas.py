"""Request and response bodies of the API, named by role; labels are the taxonomy strings."""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from call_nlp.cues import Cue, Kind, Status
from call_nlp.labels import CRISIS_TYPES, RESPONSE_MODELS, VIOLENCE_RISKS
from call_nlp.triage import HeadResult, ModelInfo, Suggestion

# Literal[<tuple>] expands to the tuple's members at runtime, so the schema's enums come
# straight from labels.py (the one place the label strings are written).
CrisisType = Literal[CRISIS_TYPES]  # type: ignore[valid-type]
ViolenceRisk = Literal[VIOLENCE_RISKS]  # type: ignore[valid-type]
ResponseModel = Literal[RESPONSE_MODELS]  # type: ignore[valid-type]

CALL_ID_MAX_CHARS = 128
EXAMPLE_NOTE = "RP STATES BROTHER OFF MEDS, HEARING VOICES, PACING IN KITCHEN. NO WEAPONS SEEN. DENIES SI/HI"


def _reject_unpaired_surrogates(value: str, field: str) -> str:
    # JSON can carry "\ud800"; such a string is not text and cannot be written back as UTF-8.
    if any("\ud800" <= ch <= "\udfff" for ch in value):
        raise ValueError(f"{field} contains an unpaired UTF-16 surrogate (invalid Unicode)")
    return value


# --- requests -------------------------------------------------------------------------------


class TriageRequest(BaseModel):
    """One call-taker note to triage."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"text": EXAMPLE_NOTE, "call_id": "2026-112601234"}]},
    )

    text: str = Field(
        min_length=1,
        description="The note as typed by the call-taker. Must contain a non-whitespace character; "
        "at most CALL_NLP_MAX_TEXT_CHARS characters (10000 by default).",
    )
    call_id: str | None = Field(
        default=None,
        max_length=CALL_ID_MAX_CHARS,
        description="Caller-side identifier (e.g. the CAD incident number), echoed back and logged.",
    )

    @field_validator("text")
    @classmethod
    def _text_has_content(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text is empty or whitespace only; send the call-taker's note")
        return _reject_unpaired_surrogates(value, "text")

    @field_validator("call_id")
    @classmethod
    def _call_id_is_text(cls, value: str | None) -> str | None:
        return None if value is None else _reject_unpaired_surrogates(value, "call_id")


class TriageBatchRequest(BaseModel):
    """Several notes, triaged together; results come back in the same order."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "notes": [
                        {"text": EXAMPLE_NOTE, "call_id": "A1"},
                        {"text": "SUBJ HAS A KNIFE IN HAND, THREATENING STAFF", "call_id": "A2"},
                    ]
                }
            ]
        },
    )

    notes: list[TriageRequest] = Field(
        min_length=1, description="At least one note; at most CALL_NLP_MAX_BATCH (256 by default)."
    )


# --- responses ------------------------------------------------------------------------------


class _Head(BaseModel):
    confidence: float = Field(description="Classifier probability of `label` (calibrated), between 0 and 1.")
    probabilities: dict[str, float] = Field(
        description="The classifier's probability for every label of this head, shown even when a safety rule overrode it."
    )
    overridden: bool = Field(description="True when a safety rule, not the classifier, set `label`.")


class CrisisTypePrediction(_Head):
    """The crisis-type head."""

    label: CrisisType = Field(description="Main concern of the note.")


class ViolenceRiskPrediction(_Head):
    """The violence-risk head."""

    label: ViolenceRisk = Field(description="Danger to others, responders included.")


class CuePublic(BaseModel):
    """A weapon or medical-need mention that drove the suggestion."""

    kind: Kind
    concept: str = Field(description="Normalized concept, e.g. `knife`, `unresponsive`.")
    status: Status = Field(description="What the note asserts about the mention.")
    text: str = Field(description="The words of the note that matched.")
    start: int = Field(ge=0, description="Character offset of the match in the note.")
    end: int = Field(ge=0, description="Character offset just after the match.")
    label: str = Field(description="Short form for the call-taker, e.g. `weapon: knife`, `negated weapon: weapons`.")


class ModelInfoPublic(BaseModel):
    """Which model and policy produced a suggestion."""

    version: str
    run_id: str | None = Field(description="MLflow run that trained the model.")
    sha256: str = Field(description="sha256 of the model file.")
    policy_version: str
    policy_digest: str = Field(description="sha256 of the policy file in use.")


class TriageResponse(BaseModel):
    """A suggestion for a person to accept or override."""

    response_model: ResponseModel = Field(description="Recommended response.")
    needs_review: bool = Field(description="Raised when confidence is low, cues conflict or a safety rule overrode the classifier.")
    crisis_type: CrisisTypePrediction
    violence_risk: ViolenceRiskPrediction
    cues: list[CuePublic]
    reasons: list[str] = Field(description="Why this response was suggested, in plain words.")
    rule: str = Field(description="Name of the policy rule that decided the response.")
    medical_needs: list[str] = Field(description="Medical needs stated in the note (affirmed medical cues).")
    model: ModelInfoPublic
    call_id: str | None = Field(description="The request's `call_id`, echoed.")

    @classmethod
    def from_suggestion(cls, suggestion: Suggestion, call_id: str | None) -> TriageResponse:
        return cls(
            response_model=suggestion.response_model,
            needs_review=suggestion.needs_review,
            crisis_type=CrisisTypePrediction(**_head(suggestion.crisis_type)),
            violence_risk=ViolenceRiskPrediction(**_head(suggestion.violence_risk)),
            cues=[_cue(c) for c in suggestion.cues],
            reasons=list(suggestion.reasons),
            rule=suggestion.rule,
            medical_needs=list(suggestion.medical_needs),
            model=model_info(suggestion.model),
            call_id=call_id,
        )


class TriageBatchResponse(BaseModel):
    """One suggestion per note, in the order of the request."""

    results: list[TriageResponse]


class HealthResponse(BaseModel):
    status: Literal["ok"] = "ok"


class ReadinessResponse(BaseModel):
    """Whether the service can triage: the model and policy are loaded."""

    status: Literal["ready", "unavailable"]
    reason: str | None = Field(default=None, description="Why the model is not loaded, when it is not.")
    model: ModelInfoPublic | None = None


class ErrorResponse(BaseModel):
    detail: str


class ValidationProblem(BaseModel):
    type: str
    loc: list[str | int] = Field(description="Where the problem is, e.g. `[\"body\", \"notes\", 3, \"text\"]`.")
    msg: str


class ValidationErrorResponse(BaseModel):
    detail: list[ValidationProblem]


class TrainingDataPublic(BaseModel):
    digest: str | None = Field(default=None, description="sha256 over the training data files.")
    train_rows: int | None = None
    test_rows: int | None = None


class PolicyPublic(BaseModel):
    version: str | None = None
    digest: str | None = None


class ModelDetails(BaseModel):
    """What the manifest says about the loaded model, plus the policy in use. Absent keys are null."""

    version: str
    run_id: str | None
    sha256: str
    model_file: str | None = None
    trained_at: str | None = None
    training_data: TrainingDataPublic | None = None
    labels: dict[str, list[str]] | None = None
    thresholds: dict[str, float] = Field(description="needs_review is raised below these confidences.")
    metrics: dict[str, float | int | str | None] | None = Field(
        default=None, description="Held-out metrics recorded at training (non-finite values as null)."
    )
    packages: dict[str, str] | None = None
    training_policy: PolicyPublic | None = Field(default=None, description="Policy the model was evaluated with.")
    policy: PolicyPublic = Field(description="Policy the service applies now.")
    policy_rules: list[str] = Field(description="Names of the policy's rules, in order.")


def model_info(info: ModelInfo) -> ModelInfoPublic:
    return ModelInfoPublic(
        version=info.version,
        run_id=info.run_id,
        sha256=info.sha256,
        policy_version=info.policy_version,
        policy_digest=info.policy_digest,
    )


def model_details(manifest: dict[str, Any], info: ModelInfo, thresholds: dict[str, float], rules: list[str]) -> ModelDetails:
    """Read the manifest written by `artifact.save_model` defensively: older or hand-made ones lack keys."""
    data = manifest.get("data") if isinstance(manifest.get("data"), dict) else {}
    labels = manifest.get("labels")
    metrics = manifest.get("metrics")
    packages = manifest.get("packages")
    trained_policy = manifest.get("policy")
    return ModelDetails(
        version=info.version,
        run_id=info.run_id,
        sha256=info.sha256,
        model_file=_str_or_none(manifest.get("model_file")),
        trained_at=_str_or_none(manifest.get("trained_at")),
        training_data=TrainingDataPublic(
            digest=_str_or_none(data.get("digest") or manifest.get("data_sha256")),
            train_rows=_int_or_none(data.get("train_rows")),
            test_rows=_int_or_none(data.get("test_rows")),
        ),
        labels={str(k): [str(x) for x in v] for k, v in labels.items() if isinstance(v, list)}
        if isinstance(labels, dict)
        else None,
        thresholds=thresholds,
        metrics={str(k): _metric(v) for k, v in metrics.items()} if isinstance(metrics, dict) else None,
        packages={str(k): str(v) for k, v in packages.items()} if isinstance(packages, dict) else None,
        training_policy=PolicyPublic(
            version=_str_or_none(trained_policy.get("version")), digest=_str_or_none(trained_policy.get("digest"))
        )
        if isinstance(trained_policy, dict)
        else None,
        policy=PolicyPublic(version=info.policy_version, digest=info.policy_digest),
        policy_rules=rules,
    )


def _head(head: HeadResult) -> dict[str, Any]:
    return {
        "label": head.label,
        "confidence": head.confidence,
        "probabilities": head.probabilities,
        "overridden": head.overridden,
    }


def _cue(cue: Cue) -> CuePublic:
    return CuePublic(
        kind=cue.kind, concept=cue.concept, status=cue.status, text=cue.text, start=cue.start, end=cue.end, label=cue.label()
    )


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _metric(value: Any) -> float | int | str | None:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    return None if value is None else str(value)
