"""Triage one note or a batch of notes."""

from __future__ import annotations

import logging
import time
from collections import Counter
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError

from call_nlp.api.deps import Recording, Triaging, TriagingDep
from call_nlp.api.schemas import (
    ErrorResponse,
    RecordOutcome,
    TriageBatchRequest,
    TriageBatchResponse,
    TriageRequest,
    TriageResponse,
    ValidationErrorResponse,
)
from call_nlp.api.security import Role, require
from call_nlp.api.settings import Settings
from call_nlp.api.strict_json import StrictJsonRoute
from call_nlp.records.record import SuggestionRecord, build_record
from call_nlp.triage import Suggestion

log = logging.getLogger("call_nlp.api")

#: Who may triage: the router's dependency and the direct route (`fast_triage`) both ask for it.
ROLES: tuple[Role, ...] = ("call-taker",)
router = APIRouter(prefix="/v1/triage", tags=["triage"], dependencies=[Depends(require(*ROLES))],
                   route_class=StrictJsonRoute)

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "Missing or unknown API key."},
    403: {"model": ErrorResponse, "description": "The key's role may not triage."},
    413: {"model": ErrorResponse, "description": "The body is larger than any request may send (set by "
          "CALL_NLP_MAX_BATCH_CHARS and CALL_NLP_MAX_BATCH); for a batch, also when its notes hold more "
          "characters together than CALL_NLP_MAX_BATCH_CHARS."},
    422: {"model": ValidationErrorResponse, "description": "The body is not valid (not JSON, not UTF-8, a key given "
          "twice, a field missing, empty or too long); `detail` names each problem."},
    503: {"model": ErrorResponse, "description": "Model not loaded; `detail` says why."},
}


#: Notes up to this many characters are triaged on the event loop (about a millisecond); a longer
#: one goes to a worker thread so that it never holds up other requests' I/O for long.
INLINE_CHARS = 2_000


@router.post("", response_model=TriageResponse, summary="Suggest a response for one note", responses=_ERRORS)
async def triage_note(body: TriageRequest, triaging: TriagingDep) -> Response:
    """Most requests never reach this function: `fast_triage` answers them with `suggest_one`
    before the framework's routing. It serves the rest (a different content type, an error to
    report) and documents the endpoint."""
    _check_text_length([(("body", "text"), body.text)], triaging.settings.max_text_chars)
    return Response(await suggest_one(body, triaging), media_type="application/json")


async def suggest_one(body: TriageRequest, triaging: Triaging) -> bytes:
    """Triage one valid note, record the suggestion and log it; the response body (JSON)."""
    suggestion, record, outcome = await suggest(body, triaging)
    response = TriageResponse.from_suggestion(suggestion, body.call_id, record.suggestion_id, outcome)
    return response.model_dump_json().encode()  # built valid: not checked twice


async def suggest(body: TriageRequest, triaging: Triaging, incident_type: str | None = None
                  ) -> tuple[Suggestion, SuggestionRecord, RecordOutcome]:
    """Triage one valid note, record the suggestion (with ``incident_type``, from an EIDO) and log it.

    Async, because the work is CPU (held by the GIL wherever it runs) and then a wait for the
    record's commit: no worker-thread round trip, and the loop serves others while it waits."""
    triager, settings, recording = triaging.triager, triaging.settings, triaging.recording
    started = time.perf_counter()
    if len(body.text) <= INLINE_CHARS:
        suggestion = triager.triage(body.text)
    else:
        suggestion = await run_in_threadpool(triager.triage, body.text)
    [record] = _records([body], [suggestion], recording, settings, incident_type)
    try:
        outcome: RecordOutcome = "stored" if await recording.recorder.record_async([record]) else "spooled"
    except OSError as exc:
        outcome = _unrecorded([record], exc)
    _log_one(body, suggestion, record, outcome, time.perf_counter() - started, settings)
    triaging.metrics.suggestion(suggestion)
    return suggestion, record, outcome


@router.post(
    "/batch",
    response_model=TriageBatchResponse,
    summary="Suggest responses for several notes, in order",
    responses=_ERRORS,
)
def triage_batch(body: TriageBatchRequest, triaging: TriagingDep) -> TriageBatchResponse:
    triager, settings, recording = triaging.triager, triaging.settings, triaging.recording
    if len(body.notes) > settings.max_batch:
        raise RequestValidationError(
            [
                {
                    "type": "too_long",
                    "loc": ("body", "notes"),
                    "msg": f"{len(body.notes)} notes; at most {settings.max_batch} are accepted "
                    "per request (CALL_NLP_MAX_BATCH)",
                }
            ]
        )
    _check_text_length(
        [(("body", "notes", i, "text"), note.text) for i, note in enumerate(body.notes)], settings.max_text_chars
    )
    chars = sum(len(note.text) for note in body.notes)
    if chars > settings.max_batch_chars:  # a bound on the time one request holds the worker
        raise HTTPException(413, f"the notes hold {chars:,} characters together; at most {settings.max_batch_chars:,} "
                                 "are accepted per batch request (CALL_NLP_MAX_BATCH_CHARS): send smaller batches")
    started = time.perf_counter()
    suggestions = triager.triage_many([note.text for note in body.notes])
    records, outcome = _record(body.notes, suggestions, recording, settings)
    elapsed = time.perf_counter() - started
    for note, suggestion, record in zip(body.notes, suggestions, records, strict=True):
        _log_one(note, suggestion, record, outcome, None, settings)
        triaging.metrics.suggestion(suggestion)
    counts = Counter(s.response_model for s in suggestions)
    log.info(
        "triage batch notes=%d chars=%d responses=%s latency_ms=%.1f",
        len(body.notes),
        sum(len(n.text) for n in body.notes),
        dict(sorted(counts.items())),
        elapsed * 1000,
    )
    return TriageBatchResponse(
        results=[
            TriageResponse.from_suggestion(s, n.call_id, r.suggestion_id, outcome)
            for n, s, r in zip(body.notes, suggestions, records, strict=True)
        ]
    )


def _records(
    notes: list[TriageRequest], suggestions: list[Suggestion], recording: Recording, settings: Settings,
    incident_type: str | None = None,
) -> list[SuggestionRecord]:
    return [
        build_record(
            s, n.text, n.call_id, key=recording.hmac_key, store_text=settings.store_text, district=n.district,
            incident_type=incident_type,
        )
        for n, s in zip(notes, suggestions, strict=True)
    ]


def _record(
    notes: list[TriageRequest], suggestions: list[Suggestion], recording: Recording, settings: Settings
) -> tuple[list[SuggestionRecord], RecordOutcome]:
    """Record the suggestions (in the store, else the spool). A failure never withholds a suggestion."""
    records = _records(notes, suggestions, recording, settings)
    try:
        return records, "stored" if recording.recorder.record(records) else "spooled"
    except OSError as exc:
        return records, _unrecorded(records, exc)


def _unrecorded(records: list[SuggestionRecord], exc: OSError) -> RecordOutcome:
    log.critical(
        "records %s NOT recorded: store unreachable and spool unwritable (%s)",
        [r.suggestion_id for r in records],
        exc.strerror or type(exc).__name__,
    )
    return "lost"


def _check_text_length(texts: list[tuple[tuple[str | int, ...], str]], limit: int) -> None:
    """The length limit is a setting, so it is checked here rather than in the schema."""
    errors = [
        {
            "type": "string_too_long",
            "loc": loc,
            "msg": f"{len(text)} characters; at most {limit} are accepted (CALL_NLP_MAX_TEXT_CHARS)",
        }
        for loc, text in texts
        if len(text) > limit
    ]
    if errors:
        raise RequestValidationError(errors)


def _log_one(
    note: TriageRequest,
    suggestion: Suggestion,
    record: SuggestionRecord,
    outcome: RecordOutcome,
    seconds: float | None,
    settings: Settings,
) -> None:
    # Note text is sensitive: only identifiers, sizes and labels are logged unless log_text is on.
    log.info(
        "triage suggestion_id=%s record=%s call_id=%r chars=%d response_model=%s crisis_type=%s violence_risk=%s "
        "needs_review=%s%s",
        record.suggestion_id,
        outcome,
        note.call_id,
        len(note.text),
        suggestion.response_model,
        suggestion.crisis_type.label,
        suggestion.violence_risk.label,
        suggestion.needs_review,
        "" if seconds is None else f" latency_ms={seconds * 1000:.1f}",
    )
    if settings.log_text:
        log.info("triage call_id=%r text=%r", note.call_id, note.text)
