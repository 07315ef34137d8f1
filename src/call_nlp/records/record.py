"""One suggestion as stored (never the raw note unless configured) and one call-taker review."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from call_nlp.redact import redact
from call_nlp.uncertainty import margin as margin_of

if TYPE_CHECKING:
    from call_nlp.triage import Suggestion

StoreText = Literal["none", "redacted", "full"]
Decision = Literal["accepted", "overridden"]


@dataclass(frozen=True)
class SuggestionRecord:
    """What the service suggested, for which note (by keyed hash), with which model and policy."""

    suggestion_id: str
    created_at: datetime
    call_id: str | None
    model_version: str
    model_run_id: str | None
    model_sha256: str
    policy_version: str
    policy_digest: str
    lexicon_version: str
    lexicon_digest: str
    text_hmac: str
    text_chars: int
    text_stored: StoreText
    text: str | None
    response_model: str
    needs_review: bool
    rule: str
    crisis_type: str
    crisis_type_confidence: float
    crisis_type_overridden: bool
    violence_risk: str
    violence_risk_confidence: float
    violence_risk_overridden: bool
    probabilities: dict[str, dict[str, float]]
    cues: list[dict[str, Any]]
    reasons: list[str]
    medical_needs: list[str] = field(default_factory=list)
    district: str | None = None  #: the request's district, when the client sent one
    #: How unsure the suggestion is (`uncertainty.margin` of ``probabilities``): the review queue's order.
    margin: float | None = None
    #: The incident type a NENA EIDO document gave (POST /v1/triage/eido): recorded, never used to decide.
    incident_type: str | None = None

    def __post_init__(self) -> None:
        if self.margin is None:  # always the margin of the probabilities, whoever built the record
            object.__setattr__(self, "margin", margin_of(self.probabilities))

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["created_at"] = self.created_at.isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SuggestionRecord:
        return cls(**{**data, "created_at": as_utc(datetime.fromisoformat(data["created_at"]))})


@dataclass(frozen=True)
class ReviewRecord:
    """The call-taker's decision on one suggestion; written once, never changed."""

    suggestion_id: str
    reviewed_at: datetime
    decision: Decision
    response_model: str
    crisis_type: str | None
    violence_risk: str | None
    reason: str | None
    reviewer: str
    reviewer_verified: bool  #: True when ``reviewer`` is the name of the API key, not the client's claim
    reviewer_role: str | None


@dataclass(frozen=True)
class StoredSuggestion:
    record: SuggestionRecord
    review: ReviewRecord | None


def new_suggestion_id() -> str:
    return str(uuid.uuid4())


def as_utc(moment: datetime) -> datetime:
    """SQLite hands datetimes back without a zone; every stored time is UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def text_hmac(key: bytes, text: str) -> str:
    """HMAC-SHA256 of the note: equal notes match, but a short note cannot be guessed from it."""
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


#: The longest incident type a record keeps (its column's width).
INCIDENT_TYPE_CHARS = 512


def stored_text(text: str, mode: StoreText) -> str | None:
    return None if mode == "none" else redact(text) if mode == "redacted" else text


def build_record(
    suggestion: Suggestion,
    text: str,
    call_id: str | None,
    *,
    key: bytes,
    store_text: StoreText,
    district: str | None = None,
    incident_type: str | None = None,
) -> SuggestionRecord:
    info = suggestion.model
    return SuggestionRecord(
        suggestion_id=new_suggestion_id(),
        created_at=datetime.now(UTC),
        call_id=call_id,
        model_version=info.version,
        model_run_id=info.run_id,
        model_sha256=info.sha256,
        policy_version=info.policy_version,
        policy_digest=info.policy_digest,
        lexicon_version=info.lexicon_version,
        lexicon_digest=info.lexicon_digest,
        text_hmac=text_hmac(key, text),
        text_chars=len(text),
        text_stored=store_text,
        text=stored_text(text, store_text),
        response_model=suggestion.response_model,
        needs_review=suggestion.needs_review,
        rule=suggestion.rule,
        crisis_type=suggestion.crisis_type.label,
        crisis_type_confidence=suggestion.crisis_type.confidence,
        crisis_type_overridden=suggestion.crisis_type.overridden,
        violence_risk=suggestion.violence_risk.label,
        violence_risk_confidence=suggestion.violence_risk.confidence,
        violence_risk_overridden=suggestion.violence_risk.overridden,
        probabilities={
            "crisis_type": dict(suggestion.crisis_type.probabilities),
            "violence_risk": dict(suggestion.violence_risk.probabilities),
        },
        # the matched words are left out: offsets locate them in the text when it is stored in full
        cues=[c.to_json(with_text=False) for c in suggestion.cues],
        reasons=list(suggestion.reasons),
        medical_needs=list(suggestion.medical_needs),
        district=district,
        incident_type=incident_type[:INCIDENT_TYPE_CHARS] if incident_type else None,
    )
