"""Request and response bodies of the API, named by role; labels are the taxonomy strings."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from call_nlp.cues import Cue, Status
from call_nlp.labels import CRISIS_TYPES, RESPONSE_MODELS, VIOLENCE_RISKS
from call_nlp.manifest import CallTypes, CallTypeTally, DataSource, HeadRows, Manifest
from call_nlp.prior import CallMix, from_manifest
from call_nlp.triage import ModelInfo, Suggestion

# Literal[<tuple>] expands to the tuple's members at runtime, so the schema's enums come
# straight from labels.py (the one place the label strings are written).
CrisisType = Literal[CRISIS_TYPES]  # type: ignore[valid-type]
ViolenceRisk = Literal[VIOLENCE_RISKS]  # type: ignore[valid-type]
ResponseModel = Literal[RESPONSE_MODELS]  # type: ignore[valid-type]
#: What became of a suggestion's record (`TriageResponse.record`).
RecordOutcome = Literal["stored", "spooled", "lost"]

CALL_ID_MAX_CHARS = 128
DISTRICT_MAX_CHARS = 128
EXAMPLE_NOTE = "RP STATES BROTHER OFF MEDS, HEARING VOICES, PACING IN KITCHEN. NO WEAPONS SEEN. DENIES SI/HI"


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
        # documented, not enforced by pydantic (its regex engine's whitespace is not Python's):
        # `_text_has_content` refuses what the pattern refuses, by str.strip()
        json_schema_extra={"pattern": r"\S"},
    )
    call_id: str | None = Field(
        default=None,
        max_length=CALL_ID_MAX_CHARS,
        description="Caller-side identifier (e.g. the CAD incident number), echoed back and logged.",
    )
    district: str | None = Field(
        default=None,
        min_length=1,
        max_length=DISTRICT_MAX_CHARS,
        description="Dispatch district or beat the call came from; recorded with the suggestion for audit "
        "reports per district, never used to decide it.",
    )

    @field_validator("text")
    @classmethod
    def _text_has_content(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("empty or whitespace only; send the call-taker's note")
        return value


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
    """One head's answer; read straight off the triage result's head (`HeadResult`) or a record's."""

    model_config = ConfigDict(from_attributes=True)

    label: str
    confidence: float = Field(description="Classifier probability of `label` (calibrated), between 0 and 1.")
    probabilities: dict[str, float] = Field(
        description="The classifier's probability for every label of this head, "
        "shown even when a safety rule overrode it."
    )
    overridden: bool = Field(description="True when a safety rule, not the classifier, set `label`.")


class CrisisTypePrediction(_Head):
    """The crisis-type head."""

    label: CrisisType = Field(description="Main concern of the note.")


class ViolenceRiskPrediction(_Head):
    """The violence-risk head."""

    label: ViolenceRisk = Field(description="Danger to others, responders included.")


class CueSpan(BaseModel):
    """Where a cue is said: character offsets in the note as sent."""

    start: int = Field(ge=0, description="Character offset where the mention starts.")
    end: int = Field(ge=0, description="Character offset just after the mention.")


class CueRecorded(BaseModel):
    """A cue as its suggestion's record keeps it: what was mentioned, what the note asserts of it
    and where (the matched words themselves only in the note, when the record keeps it in full)."""

    kind: str = Field(
        description="What was mentioned: weapon, threat, assault, violence_history, property, aggression, suicide, "
        "psychosis, substance, distress, family, welfare, incident, medical or protective."
    )
    concept: str = Field(description="Normalized concept, e.g. `knife`, `unresponsive`.")
    status: Status = Field(description="What the note asserts about the mention.")
    start: int = Field(ge=0, description="Character offset of the first mention in the note.")
    end: int = Field(ge=0, description="Character offset just after the first mention.")
    spans: list[CueSpan] = Field(description="Every mention of this cue in the note (repeats are merged), in order.")
    label: str = Field(description="Short form for the call-taker, e.g. `weapon: knife`, `negated weapon: weapon`.")


class CuePublic(CueRecorded):
    """A cue the language layer found in the note, with what the note asserts about it."""

    text: str = Field(description="The words of the note that matched.")


class ModelInfoPublic(BaseModel):
    """Which model and policy produced a suggestion; read straight off the triager's `ModelInfo`."""

    model_config = ConfigDict(from_attributes=True)

    version: str = Field(description="Registered model version (`unversioned` when the manifest has none).")
    run_id: str | None = Field(description="MLflow run that trained the model.")
    sha256: str = Field(description="sha256 of the model file.")
    policy_version: str = Field(description="`version` of the policy file in use.")
    policy_digest: str = Field(description="sha256 of the policy file in use.")
    lexicon_version: str = Field(default="", description="Version of the lexicon stored in the model.")
    lexicon_digest: str = Field(default="", description="sha256 of the lexicon stored in the model.")


class ModelIdPublic(BaseModel):
    """A model named by its registry version and the sha256 of its model file."""

    model_config = ConfigDict(from_attributes=True)

    version: str = Field(description="Registry version (`unregistered` for a model trained without a registry).")
    sha256: str = Field(description="sha256 of the model file.")


class ChampionPublic(BaseModel):
    """What the model source (`CALL_NLP_MODEL_PATH`) named at this worker's last look, against the model it serves."""

    model_config = ConfigDict(from_attributes=True)

    source: str = Field(description="The model source: a model directory (its last part on /readyz) or a models:/ URI.")
    newer: bool = Field(
        description="The source names another model than the one served: a newer champion (or a rollback) that "
        "the next poll, or POST /v1/model/reload, swaps in. Stays true while that model fails to load (`error`)."
    )
    available: ModelIdPublic | None = Field(
        default=None, description="The model the source names; null when the look failed.")
    checked_at: datetime | None = Field(default=None, description="When this worker last looked (UTC).")
    error: str | None = Field(default=None, description="Why the last look, or the load of what it named, failed.")
    poll_seconds: float = Field(description="Seconds between this worker's looks (CALL_NLP_MODEL_POLL_SECONDS; 0: "
                                "only at the start and on reload).")


class ReloadResponse(BaseModel):
    """What `POST /v1/model/reload` did in the worker that answered."""

    model_config = ConfigDict(from_attributes=True)

    swapped: bool = Field(description="A new model (or policy) was swapped in; false when the source names the "
                          "model and policy already served.")
    reason: str = Field(description="What happened, in words.")
    previous: ModelInfoPublic | None = Field(description="The model served before (null if none was loaded).")
    model: ModelInfoPublic | None = Field(description="The model served now.")


class TriageResponse(BaseModel):
    """A suggestion for a person to accept or override."""

    response_model: ResponseModel = Field(description="Recommended response.")
    needs_review: bool = Field(
        description="Raised when confidence is low, cues conflict or a safety rule overrode the classifier."
    )
    crisis_type: CrisisTypePrediction = Field(description="Predicted crisis type.")
    violence_risk: ViolenceRiskPrediction = Field(
        description="Predicted violence risk; raised to `imminent` (overridden) when a weapon is stated present."
    )
    cues: list[CuePublic] = Field(
        description="What the note says (weapons, threats, crisis statements, medical needs …) with what it asserts "
        "of each, one entry per kind, concept and status, in order of first mention."
    )
    reasons: list[str] = Field(description="Why this response was suggested, in plain words.")
    rule: str = Field(description="Name of the policy rule that decided the response.")
    medical_needs: list[str] = Field(description="Medical needs stated in the note (affirmed medical cues).")
    model: ModelInfoPublic = Field(description="Model and policy that produced this suggestion.")
    call_id: str | None = Field(description="The request's `call_id`, echoed.")
    suggestion_id: str = Field(
        description="Id of this suggestion's record; review it with POST /v1/suggestions/{id}/review."
    )
    record: RecordOutcome = Field(
        description="`stored`: the record is in the record store. `spooled`: the store was unreachable or slower "
        "than CALL_NLP_RECORD_BUDGET_MS, and the record waits on this server's disk, to be stored when the store "
        "answers. `lost`: neither could be written (the service logs it and counts it on /readyz)."
    )
    recorded: bool = Field(description="True when `record` is `stored` (kept for older clients).")

    @classmethod
    def from_suggestion(
        cls, suggestion: Suggestion, call_id: str | None, suggestion_id: str, record: RecordOutcome
    ) -> TriageResponse:
        """One validation of plain data (a third of the time of building each nested model on
        its own); the heads and the model info are read off their dataclasses."""
        return cls.model_validate(
            {
                "response_model": suggestion.response_model,
                "needs_review": suggestion.needs_review,
                "crisis_type": suggestion.crisis_type,
                "violence_risk": suggestion.violence_risk,
                "cues": [c.to_json() for c in suggestion.cues],
                "reasons": suggestion.reasons,
                "rule": suggestion.rule,
                "medical_needs": suggestion.medical_needs,
                "model": suggestion.model,
                "call_id": call_id,
                "suggestion_id": suggestion_id,
                "record": record,
                "recorded": record == "stored",
            },
            from_attributes=True,
        )


class TriageBatchResponse(BaseModel):
    """One suggestion per note, in the order of the request."""

    results: list[TriageResponse] = Field(description="One suggestion per note, in request order.")


class HealthResponse(BaseModel):
    """The process is up (says nothing about the model)."""

    status: Literal["ok"] = Field(default="ok", description="Always `ok`.")


class ReadinessResponse(BaseModel):
    """Whether the service can triage (the model and policy are loaded), and the state of the record store.

    A store that cannot be reached does not make the service unready: suggestions are still
    served and their records spooled locally (`store: degraded`, `spool_records`).
    """

    status: Literal["ready", "unavailable"] = Field(description="`ready` once the model and policy are loaded.")
    reason: str | None = Field(default=None, description="Why the model is not loaded, when it is not.")
    model: ModelInfoPublic | None = Field(default=None, description="The loaded model, when ready.")
    champion: ChampionPublic | None = Field(
        default=None, description="Whether the model source names a newer model than the one served (null before "
        "the app has started).")
    store: Literal["ok", "degraded"] | None = Field(
        default=None,
        description="`degraded` while the record store cannot be written: records go to the local spool. "
        "Null before the app has started.",
    )
    store_reason: str | None = Field(default=None, description="Why the store is degraded.")
    spool_records: int | None = Field(default=None, description="Records waiting in the local spool for the store.")
    spool_error: str | None = Field(
        default=None, description="Why the spool cannot be read (the error's kind); its counts are then null.")
    lost_records: int | None = Field(
        default=None, description="Records neither stored nor spooled since the service started (`record: lost`).")
    rejected_records: int | None = Field(
        default=None, description="Spooled records the store refused as invalid (kept for a person to inspect)."
    )
    record_writer: Literal["process", "thread"] | None = Field(
        default=None,
        description="What commits triage records now: `process` (a process of its own, CALL_NLP_RECORD_WRITER's "
        "default, once started) or `thread` (the setting, or while the process starts or restarts).",
    )


class ErrorResponse(BaseModel):
    """An error that is not about the request body (e.g. 503, model not loaded)."""

    detail: str = Field(description="What went wrong.")


class ValidationProblem(BaseModel):
    """One problem with the request body."""

    type: str = Field(description="Machine-readable kind, e.g. `missing`, `string_type`, `string_too_long`.")
    loc: list[str | int] = Field(description="Where the problem is, e.g. `[\"body\", \"notes\", 3, \"text\"]`.")
    msg: str = Field(description="Starts with the field, e.g. `notes[3].text: empty or whitespace only ...`.")


class ValidationErrorResponse(BaseModel):
    """422: every problem found in the body (the offending input is not echoed back)."""

    detail: list[ValidationProblem] = Field(description="The problems, one per field.")


class DataSourcePublic(BaseModel):
    """One data file as training read it."""

    path: str | None = Field(default=None, description="Path of the file at training time.")
    sha256: str | None = Field(default=None, description="sha256 of the file's bytes.")
    rows: int | None = Field(default=None, description="Notes in the file.")
    kinds: dict[str, int] | None = Field(
        default=None, description="Rows by kind: `labeled`, `weak` (a crisis type from the call type only), "
        "`superseded` (a weak row whose id another file labels), `skipped` (nothing to learn from); null for a file read whole (the gate set, older models).")
    call_types: CallTypeTally | None = Field(default=None, description="What the file's call types gave.")
    heads: list[str] | None = Field(default=None, description="The heads the file's labels trained.")


class TrainingDataPublic(BaseModel):
    """The data the model was trained and evaluated on."""

    digest: str | None = Field(default=None, description="sha256 over the training data files.")
    train_rows: int | None = Field(default=None, description="Notes used to fit the model.")
    test_rows: int | None = Field(default=None, description="Held-out notes the metrics were computed on.")
    sources: list[DataSourcePublic] | None = Field(default=None, description="Each training file, with its digest.")
    gate_set: DataSourcePublic | None = Field(
        default=None, description="The pinned file the promotion gate scored the model on."
    )
    heads: dict[str, HeadRows] | None = Field(default=None, description="Per head, the rows that trained it.")
    base_heads: list[str] | None = Field(
        default=None, description="Heads no data file labeled, trained on data.base_paths instead.")
    call_types: CallTypes | None = Field(default=None, description="The call-type map that gave weak labels.")


class PromotionPublic(BaseModel):
    """What the promotion gate decided when the model was trained."""

    alias: str | None = Field(default=None, description="Registry alias given at training (`champion`, `challenger`).")
    decision: str | None = Field(default=None, description="`promoted` or `challenger`.")
    reason: str | None = Field(default=None, description="Why, in words (unsafe counts and accuracy against the champion).")


class PolicyPublic(BaseModel):
    """A response policy, identified by its version and file digest."""

    version: str | None = Field(default=None, description="`version` field of the policy file.")
    digest: str | None = Field(default=None, description="sha256 of the policy file.")


class ModelDetails(BaseModel):
    """What the manifest says about the loaded model, plus the policy in use. Absent keys are null."""

    version: str = Field(description="Registered model version (`unversioned` when the manifest has none).")
    run_id: str | None = Field(description="MLflow run that trained the model.")
    sha256: str = Field(description="sha256 of the model file, verified at load.")
    model_file: str | None = Field(default=None, description="Model file name inside the model directory.")
    trained_at: str | None = Field(default=None, description="When the model was trained (ISO 8601, UTC).")
    training_data: TrainingDataPublic | None = Field(
        default=None, description="Training data digest, sizes and per-source digests."
    )
    promotion: PromotionPublic | None = Field(default=None, description="The promotion gate's decision.")
    labels: dict[str, list[str]] | None = Field(default=None, description="Labels of each head, per the manifest.")
    thresholds: dict[str, float] = Field(
        description="needs_review is raised below these confidences (`crisis_type`, `violence_risk`) and below this "
        "share of words seen in training (`known_vocabulary`); `behavioral`: the probability of the behavioral "
        "types together from which a behavioral type is suggested; `behavioral_conflict`: from this share a note read as "
        "ordinary that states a behavioral cue is flagged for review."
    )
    metrics: dict[str, float | int | str | None] | None = Field(
        default=None, description="Held-out metrics recorded at training (non-finite values as null)."
    )
    packages: dict[str, str] | None = Field(default=None, description="Package versions the model was trained with.")
    training_policy: PolicyPublic | None = Field(default=None, description="Policy the model was evaluated with.")
    policy: PolicyPublic = Field(description="Policy the service applies now.")
    policy_rules: list[str] = Field(description="Names of the policy's rules, in order.")
    champion: ChampionPublic | None = Field(
        default=None, description="Whether the model source names a newer model than the one served.")
    prior: CallMix | None = Field(
        default=None,
        description="The call mix in force (crisis-type prior) and the training mix the model learned; "
        "null for a model trained before call mixes were recorded (its probabilities are not re-weighted).",
    )


def _source(source: DataSource) -> DataSourcePublic:
    return DataSourcePublic(path=source.path, sha256=source.sha256, rows=source.rows, kinds=source.kinds,
                            call_types=source.call_types, heads=source.heads)


def model_details(manifest: Manifest, info: ModelInfo, thresholds: dict[str, float], rules: list[str]) -> ModelDetails:
    """The manifest (validated at load; sections an older one lacks are null) and the policy in use."""
    data, gate, trained_policy = manifest.data, manifest.gate, manifest.policy
    return ModelDetails(
        version=info.version,
        run_id=info.run_id,
        sha256=info.sha256,
        model_file=manifest.model_file,
        trained_at=manifest.trained_at,
        training_data=TrainingDataPublic(
            digest=data.digest or manifest.data_sha256,
            train_rows=data.train_rows,
            test_rows=data.test_rows,
            sources=[_source(s) for s in data.sources] if data.sources is not None else None,
            gate_set=_source(data.gate_set) if data.gate_set is not None else None,
            heads=data.heads,
            base_heads=data.base_heads,
            call_types=data.call_types,
        ),
        promotion=PromotionPublic(alias=manifest.alias, decision=gate.decision, reason=gate.reason)
        if gate is not None
        else None,
        labels=manifest.labels,
        thresholds=thresholds,
        metrics={str(k): _metric(v) for k, v in manifest.metrics.items()} if manifest.metrics is not None else None,
        packages=manifest.packages,
        training_policy=PolicyPublic(version=trained_policy.version or None, digest=trained_policy.digest or None)
        if trained_policy is not None
        else None,
        policy=PolicyPublic(version=info.policy_version, digest=info.policy_digest),
        policy_rules=rules,
        prior=from_manifest(manifest),
    )


def validation_problem(error: Mapping[str, Any]) -> ValidationProblem:
    """One problem as ``{type, loc, msg}``, the message starting with the field it is about."""
    kind = str(error.get("type", "value_error"))
    loc = [p if isinstance(p, int) else str(p) for p in error.get("loc", ())]
    msg = str(error.get("msg", "invalid")).removeprefix("Value error, ")
    ctx = error.get("ctx") or {}
    if kind == "duplicate_key":
        pass  # the message names the key already
    elif kind == "json_invalid":
        msg = f"body: not valid JSON ({ctx.get('error', msg)})"
    elif loc == ["body"] and kind == "missing":
        msg = 'body: missing; send a JSON object such as {"text": "..."}'
    elif loc == ["body"]:
        msg = f"body: must be a JSON object sent as application/json ({msg})"
    else:
        msg = f"{_field(loc[1:] if loc[:1] == ['body'] else loc)}: {msg}"
    return ValidationProblem(type=kind, loc=loc, msg=msg)


def _field(parts: list[str | int]) -> str:
    """``["notes", 2, "text"]`` -> ``notes[2].text``."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}" if out else part
    return out or "body"


def _metric(value: Any) -> float | int | str | None:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    return None if value is None else str(value)
