"""Bodies of the record endpoints: a stored suggestion, its review, a call's sequence."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from call_nlp.api.schemas import (
    CrisisType,
    CrisisTypePrediction,
    CueRecorded,
    ModelInfoPublic,
    ResponseModel,
    ViolenceRisk,
    ViolenceRiskPrediction,
)
from call_nlp.records.record import ReviewRecord, StoredSuggestion

REASON_MAX_CHARS = 2000
REVIEWER_MAX_CHARS = 128


class ReviewRequest(BaseModel):
    """The call-taker's decision on a suggestion."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            # the rule the route enforces, in the document too (JSON Schema's if/then, OpenAPI 3.1):
            # an override names the response sent
            "if": {"properties": {"decision": {"const": "overridden"}}, "required": ["decision"]},
            "then": {"properties": {"response_model": {"type": "string"}}, "required": ["response_model"]},
            "examples": [
                {"decision": "accepted", "reviewer": "ct-104"},
                {
                    "decision": "overridden",
                    "response_model": "co_response",
                    "violence_risk": "elevated",
                    "reason": "caller says he keeps guns in the house",
                    "reviewer": "ct-104",
                },
            ]
        },
    )

    decision: Literal["accepted", "overridden"] = Field(description="Whether the suggestion was followed.")
    response_model: ResponseModel | None = Field(
        default=None,
        description="The response sent. Required when overridden; when accepted it defaults to (and must be) "
        "the suggested one.",
    )
    crisis_type: CrisisType | None = Field(
        default=None, description="Corrected crisis type, if the call-taker disagrees."
    )
    violence_risk: ViolenceRisk | None = Field(
        default=None, description="Corrected violence risk, if the call-taker disagrees."
    )
    reason: str | None = Field(default=None, max_length=REASON_MAX_CHARS, description="Why, in free text.")
    reviewer: str | None = Field(
        default=None,
        min_length=1,
        max_length=REVIEWER_MAX_CHARS,
        description="Who decided. Ignored when the API key has a name (the key's name is recorded); "
        "required otherwise.",
    )


class ReviewPublic(BaseModel):
    """A recorded decision; written once, never changed."""

    suggestion_id: str = Field(description="The suggestion reviewed.")
    reviewed_at: datetime = Field(description="When the review was recorded (UTC).")
    decision: Literal["accepted", "overridden"] = Field(description="Whether the suggestion was followed.")
    response_model: ResponseModel = Field(description="The response the call-taker chose.")
    crisis_type: CrisisType | None = Field(description="Corrected crisis type, if any.")
    violence_risk: ViolenceRisk | None = Field(description="Corrected violence risk, if any.")
    reason: str | None = Field(description="Why, as typed (redacted unless note text is stored in full).")
    reviewer: str = Field(description="Who decided: the API key's name, else the name the client sent.")
    reviewer_verified: bool = Field(description="True when `reviewer` is the name of the API key used.")

    @classmethod
    def from_record(cls, review: ReviewRecord) -> ReviewPublic:
        return cls(
            suggestion_id=review.suggestion_id,
            reviewed_at=review.reviewed_at,
            decision=review.decision,
            response_model=review.response_model,
            crisis_type=review.crisis_type,
            violence_risk=review.violence_risk,
            reason=review.reason,
            reviewer=review.reviewer,
            reviewer_verified=review.reviewer_verified,
        )


class SuggestionRecordResponse(BaseModel):
    """A stored suggestion: when, for which call, by which model and policy, what it said, and its review."""

    suggestion_id: str = Field(description="Id returned with the suggestion.")
    created_at: datetime = Field(description="When the suggestion was made (UTC).")
    call_id: str | None = Field(description="The request's `call_id`.")
    district: str | None = Field(default=None, description="The request's `district`, if it sent one.")
    incident_type: str | None = Field(
        default=None, description="The incident type of the NENA EIDO document it was made from (POST "
        "/v1/triage/eido): common registry text | internal code | internal text; never used to decide.")
    model: ModelInfoPublic = Field(description="Model, policy and lexicon in use.")
    text_hmac: str = Field(description="HMAC-SHA256 of the note under the server's key (not a plain hash).")
    text_chars: int = Field(description="Length of the note.")
    text_stored: Literal["none", "redacted", "full"] = Field(description="How much of the note was kept.")
    text: str | None = Field(description="The note, redacted or full per `text_stored`; null when none.")
    response_model: ResponseModel = Field(description="Suggested response.")
    needs_review: bool = Field(description="Whether the suggestion asked for a careful review.")
    rule: str = Field(description="Policy rule that decided the response.")
    crisis_type: CrisisTypePrediction = Field(description="Suggested crisis type.")
    violence_risk: ViolenceRiskPrediction = Field(description="Suggested violence risk.")
    cues: list[CueRecorded] = Field(
        description="Each cue: what, its status, where (the first mention, then every mention); as in the "
        "suggestion, without the matched words."
    )
    reasons: list[str] = Field(description="Why the response was suggested.")
    medical_needs: list[str] = Field(description="Medical needs stated in the note.")
    margin: float | None = Field(
        default=None, description="How sure the suggestion is: the smaller of the two heads' gaps between their "
        "top two probabilities (the review queue labels the smallest first).")
    review: ReviewPublic | None = Field(description="The call-taker's decision, once made.")

    @classmethod
    def from_stored(cls, stored: StoredSuggestion) -> SuggestionRecordResponse:
        r = stored.record
        return cls(
            suggestion_id=r.suggestion_id,
            created_at=r.created_at,
            call_id=r.call_id,
            district=r.district,
            incident_type=r.incident_type,
            model=ModelInfoPublic(
                version=r.model_version,
                run_id=r.model_run_id,
                sha256=r.model_sha256,
                policy_version=r.policy_version,
                policy_digest=r.policy_digest,
                lexicon_version=r.lexicon_version,
                lexicon_digest=r.lexicon_digest,
            ),
            text_hmac=r.text_hmac,
            text_chars=r.text_chars,
            text_stored=r.text_stored,
            text=r.text,
            response_model=r.response_model,
            needs_review=r.needs_review,
            rule=r.rule,
            crisis_type=CrisisTypePrediction(
                label=r.crisis_type,
                confidence=r.crisis_type_confidence,
                overridden=r.crisis_type_overridden,
                probabilities=r.probabilities.get("crisis_type", {}),
            ),
            violence_risk=ViolenceRiskPrediction(
                label=r.violence_risk,
                confidence=r.violence_risk_confidence,
                overridden=r.violence_risk_overridden,
                probabilities=r.probabilities.get("violence_risk", {}),
            ),
            cues=r.cues,
            reasons=r.reasons,
            medical_needs=r.medical_needs,
            margin=r.margin,
            review=None if stored.review is None else ReviewPublic.from_record(stored.review),
        )


class CallSuggestionsResponse(BaseModel):
    """Every recorded suggestion of one call, oldest first (the note as it grew)."""

    call_id: str = Field(description="The call.")
    suggestions: list[SuggestionRecordResponse] = Field(description="Its suggestions, oldest first.")


class ReviewQueueItem(BaseModel):
    """A suggestion waiting for a person's labels."""

    model_config = ConfigDict(from_attributes=True)

    suggestion_id: str = Field(description="Open it with `GET /v1/suggestions/{suggestion_id}`.")
    call_id: str | None = Field(description="Its call; the queue holds at most one suggestion per call.")
    margin: float = Field(description="The smaller of the two heads' gaps between their top two probabilities; "
                          "the queue is ordered by it, smallest (least sure) first.")
    created_at: datetime = Field(description="When the suggestion was made (UTC).")


class ReviewQueueResponse(BaseModel):
    """Unreviewed suggestions, least sure first, one per call, none of a call already reviewed."""

    items: list[ReviewQueueItem] = Field(description="At most `limit` items.")


class HighlightsResponse(BaseModel):
    """A suggestion's stored note with its cues found again in that text (the review page marks them)."""

    suggestion_id: str = Field(description="The suggestion.")
    text_stored: Literal["none", "redacted", "full"] = Field(description="How much of the note the record kept.")
    text: str | None = Field(description="The note as stored (redacted unless kept in full); null when none.")
    lexicon_version: str = Field(description="The lexicon of the model now serving, which read `text` again.")
    cues: list[CueRecorded] = Field(
        description="The cues of `text` as stored, found by the serving model's language layer: offsets index "
        "`text` itself (the record's own cue offsets index the note as sent, before redaction).")
