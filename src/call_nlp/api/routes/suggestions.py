"""Recorded suggestions: read one with its review (auditors, labelers), review one (call-takers,
labelers); the review queue (auditors, labelers)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, NoReturn

from fastapi import APIRouter, HTTPException, Path, Query, status
from fastapi.exceptions import RequestValidationError

from call_nlp.api.deps import Recording, RecordingDep, SettingsDep, TriagerDep, store_errors
from call_nlp.api.record_schemas import (
    HighlightsResponse,
    ReviewPublic,
    ReviewQueueItem,
    ReviewQueueResponse,
    ReviewRequest,
    SuggestionRecordResponse,
)
from call_nlp.api.schemas import ErrorResponse, ValidationErrorResponse
from call_nlp.api.security import ReaderDep, ReviewerDep
from call_nlp.api.strict_json import StrictJsonRoute
from call_nlp.cues import merge as merge_cues
from call_nlp.records.record import ReviewRecord, StoredSuggestion, StoreText, stored_text
from call_nlp.records.store import ReviewExists, SuggestionNotFound

router = APIRouter(prefix="/v1", tags=["suggestions"], route_class=StrictJsonRoute)
#: Items the review queue returns by default, and at most.
QUEUE_DEFAULT, QUEUE_MAX = 50, 500

SuggestionId = Annotated[str, Path(max_length=64, description="`suggestion_id` of a triage answer.")]

_AUTH: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "Missing or unknown API key."},
    403: {"model": ErrorResponse, "description": "The key's role may not do this."},
    404: {"model": ErrorResponse, "description": "No recorded suggestion with this id."},
    422: {"model": ValidationErrorResponse, "description": "The request is not valid; `detail` names each problem."},
    503: {"model": ErrorResponse, "description": "The record store is unavailable."},
}


@router.get(
    "/suggestions/{suggestion_id}",
    response_model=SuggestionRecordResponse,
    summary="A recorded suggestion with its review (auditor, labeler)",
    responses=_AUTH,
)
def get_suggestion(_: ReaderDep, suggestion_id: SuggestionId, recording: RecordingDep) -> SuggestionRecordResponse:
    return SuggestionRecordResponse.from_stored(_find(recording, suggestion_id))


@router.get(
    "/suggestions/{suggestion_id}/highlights",
    response_model=HighlightsResponse,
    summary="A recorded suggestion's stored note with its cues marked (auditor, labeler)",
    responses=_AUTH,
)
def get_highlights(_: ReaderDep, suggestion_id: SuggestionId, recording: RecordingDep,
                   triager: TriagerDep) -> HighlightsResponse:
    """The cues are found again in the stored text: a redacted note's offsets are not the sent note's."""
    record = _find(recording, suggestion_id).record
    cues = [] if record.text is None else merge_cues(triager.layer.analyze(record.text).cues)
    return HighlightsResponse(
        suggestion_id=record.suggestion_id, text_stored=record.text_stored, text=record.text,
        lexicon_version=triager.info.lexicon_version,
        cues=[c.to_json(with_text=False) for c in cues],
    )


@router.post(
    "/suggestions/{suggestion_id}/review",
    response_model=ReviewPublic,
    status_code=status.HTTP_201_CREATED,
    summary="Record a person's decision on a suggestion (call-taker, labeler); once only",
    responses={
        **_AUTH,
        409: {"model": ErrorResponse, "description": "Already reviewed; reviews are never changed."},
        413: {"model": ErrorResponse, "description": "The body is larger than any request may send."},
        503: {"model": ErrorResponse, "description": "The record store is unavailable: retry with the same body. A "
              "review is stored once, so a 409 after a retry means an earlier try was stored."},
    },
)
def review_suggestion(
    principal: ReviewerDep,
    suggestion_id: SuggestionId,
    body: ReviewRequest,
    recording: RecordingDep,
    settings: SettingsDep,
) -> ReviewPublic:
    reviewer = principal.name or body.reviewer
    if reviewer is None:
        _invalid("reviewer", "missing", "required unless the API key has a name (who decided?)")
    if body.decision == "overridden" and body.response_model is None:
        _invalid("response_model", "missing", "required when the decision is overridden (the response sent)")
    stored = _find(recording, suggestion_id)
    suggested = stored.record.response_model
    if body.decision == "accepted" and body.response_model not in (None, suggested):
        _invalid("response_model", "value_error", f"accepted means the suggested {suggested}; send overridden")
    review = ReviewRecord(
        suggestion_id=suggestion_id,
        reviewed_at=datetime.now(UTC),
        decision=body.decision,
        response_model=body.response_model or suggested,
        crisis_type=body.crisis_type,
        violence_risk=body.violence_risk,
        # the reason is free text a person typed: redacted unless note text is kept in full
        reason=None if body.reason is None else stored_text(body.reason, _reason_mode(settings.store_text)),
        reviewer=reviewer,
        reviewer_verified=principal.name is not None,
        reviewer_role=principal.role,
    )
    with store_errors():
        try:
            recording.recorder.store.add_review(review)
        except SuggestionNotFound:
            raise HTTPException(status.HTTP_404_NOT_FOUND, detail="no recorded suggestion with this id") from None
        except ReviewExists:
            raise HTTPException(
                status.HTTP_409_CONFLICT, detail="this suggestion was already reviewed; reviews are never changed"
            ) from None
    return ReviewPublic.from_record(review)


@router.get(
    "/review-queue",
    response_model=ReviewQueueResponse,
    summary="Suggestions to label next, least sure first, one per call (auditor, labeler)",
    responses={k: v for k, v in _AUTH.items() if k != 404},
)
def review_queue(
    _: ReaderDep,
    recording: RecordingDep,
    limit: Annotated[int, Query(ge=1, le=QUEUE_MAX, description="Most items to return.")] = QUEUE_DEFAULT,
) -> ReviewQueueResponse:
    """Unreviewed suggestions ranked by `margin` (the smaller of the two heads' gaps between their
    top two probabilities; smallest first, the newest on a tie), at most one per call (its least
    sure), and none of a call with a reviewed suggestion. Records still in this server's spool
    are stored first."""
    recorder = recording.recorder
    with store_errors():
        if recorder.spool.size():
            recorder.replay()
        items = recorder.store.review_queue(limit)
    return ReviewQueueResponse(items=[ReviewQueueItem.model_validate(item) for item in items])


def _find(recording: Recording, suggestion_id: str) -> StoredSuggestion:
    """The stored suggestion; records still in this server's spool are replayed first."""
    recorder = recording.recorder
    with store_errors():
        stored = recorder.store.get(suggestion_id)
        if stored is None and recorder.spool.size() and recorder.replay():
            stored = recorder.store.get(suggestion_id)
    if stored is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="no recorded suggestion with this id")
    return stored


def _reason_mode(store_text: StoreText) -> StoreText:
    return "full" if store_text == "full" else "redacted"


def _invalid(field: str, kind: str, msg: str) -> NoReturn:
    raise RequestValidationError([{"type": kind, "loc": ("body", field), "msg": msg}])
