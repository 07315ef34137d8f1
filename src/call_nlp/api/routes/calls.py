"""A call's suggestions in order: call-takers' tools re-send the note as it grows, under one call_id."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, status

from call_nlp.api.deps import RecordingDep, store_errors
from call_nlp.api.record_schemas import CallSuggestionsResponse, SuggestionRecordResponse
from call_nlp.api.schemas import CALL_ID_MAX_CHARS, ErrorResponse, ValidationErrorResponse
from call_nlp.api.security import AuditorDep

router = APIRouter(prefix="/v1/calls", tags=["calls"])


@router.get(
    "/{call_id}",
    response_model=CallSuggestionsResponse,
    summary="Every recorded suggestion of a call, oldest first, with reviews (auditor)",
    responses={
        401: {"model": ErrorResponse, "description": "Missing or unknown API key."},
        403: {"model": ErrorResponse, "description": "The key's role may not read records."},
        404: {"model": ErrorResponse, "description": "No recorded suggestion has this call_id."},
        422: {"model": ValidationErrorResponse, "description": "The call_id is not valid."},
        503: {"model": ErrorResponse, "description": "The record store is unavailable."},
    },
)
def get_call(
    _: AuditorDep,
    call_id: Annotated[str, Path(max_length=CALL_ID_MAX_CHARS, description="The `call_id` sent with the notes.")],
    recording: RecordingDep,
) -> CallSuggestionsResponse:
    with store_errors():
        found = recording.recorder.store.for_call(call_id)
    if not found:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="no recorded suggestion has this call_id")
    return CallSuggestionsResponse(
        call_id=call_id, suggestions=[SuggestionRecordResponse.from_stored(s) for s in found]
    )
