"""POST /v1/triage/eido: a NENA EIDO document in, the suggestion and an EIDO fragment to merge out."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Depends
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field

from call_nlp import eido
from call_nlp.api.deps import TriagingDep
from call_nlp.api.routes.triage import ROLES, suggest
from call_nlp.api.schemas import (
    CALL_ID_MAX_CHARS,
    ErrorResponse,
    TriageRequest,
    TriageResponse,
    ValidationErrorResponse,
)
from call_nlp.api.security import require
from call_nlp.api.strict_json import StrictJsonRoute

router = APIRouter(prefix="/v1/triage", tags=["triage"], dependencies=[Depends(require(*ROLES))],
                   route_class=StrictJsonRoute)

#: A synthetic document (no real call): what the endpoint reads of an EIDO, and nothing more.
EXAMPLE = {
    "$id": "urn:emergency:uid:incidentid:example-0001:psap.example.gov",
    "lastUpdateTimeStamp": "2026-12-04T21:16:00-05:00",
    "updatedByAgencyReference": {"$ref": "psap.example.gov"},
    "eidoVersion": "1.0",
    "issuingElementIdentification": "cad.psap.example.gov",
    "incidentComponent": {
        "$id": "urn:emergency:uid:incidentid:example-0001:psap.example.gov",
        "lastUpdateTimeStamp": "2026-12-04T21:15:00-05:00",
        "updatedByAgencyReference": {"$ref": "psap.example.gov"},
        "incidentTypeCommonRegistryText": "Psychiatric",
        "incidentTypeInternalCode": "MNTL",
    },
    "notesComponent": [
        {"$id": "note-2", "lastUpdateTimeStamp": "2026-12-04T21:16:00-05:00",
         "updatedByAgencyReference": {"$ref": "psap.example.gov"},
         "notesActionComments": "<p>RP NOW STATES NO WEAPONS SEEN</p>"},
        {"$id": "note-1", "lastUpdateTimeStamp": "2026-12-04T21:14:00-05:00",
         "updatedByAgencyReference": {"$ref": "psap.example.gov"},
         "notesActionComments": "<p>RP STATES ADULT SON HEARING VOICES, OFF MEDS &amp; PACING</p>"},
    ],
}


class IncidentTypePublic(BaseModel):
    """The incident type the document gave: echoed back and recorded, never used to decide."""

    common_registry_text: str = Field(description="`incidentTypeCommonRegistryText`.")
    internal_text: str | None = Field(default=None, description="`incidentTypeInternalText`, if given.")
    internal_code: str | None = Field(default=None, description="`incidentTypeInternalCode`, if given.")


class EidoTriageResponse(BaseModel):
    """The suggestion for the document's notes, and the EIDO fragment that carries it."""

    suggestion: TriageResponse = Field(description="As POST /v1/triage answers, for the notes read as one note.")
    notes_read: int = Field(description="Notes that held text, joined in time order (the latest last).")
    incident_type: IncidentTypePublic | None = Field(description="The document's incident type, echoed back.")
    eido: dict[str, Any] = Field(
        description="An EIDO fragment to merge: a prologue naming the service, a `notesComponent` entry holding the "
        "suggestion as HTML-escaped text, and a `cautionComponent` entry (021.1.1 CautionType; `cautionSeverity` "
        "highest/high/low for violence risk imminent/elevated/low) that the note links to by `cautionReference`.")


_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "Missing or unknown API key."},
    403: {"model": ErrorResponse, "description": "The key's role may not triage."},
    422: {"model": ValidationErrorResponse, "description": "Not an EIDO this endpoint can read: each problem names "
          "its JSON path (`loc`, and the start of `msg`)."},
    503: {"model": ErrorResponse, "description": "Model not loaded; `detail` says why."},
}


@router.post("/eido", response_model=EidoTriageResponse, summary="Suggest a response for a NENA EIDO document",
             responses=_ERRORS)
async def triage_eido(triaging: TriagingDep, document: dict[str, Any] = Body(  # noqa: B008 - FastAPI's way
        description="A NENA EIDO (NENA-STA-021.1a-2022) with at least one `notesComponent` entry. Read: the notes' "
        "`notesActionComments` (HTML5) and `lastUpdateTimeStamp`, `incidentComponent`'s type, the prologue "
        "(`$id`, `lastUpdateTimeStamp`, `updatedByAgencyReference`); everything else is allowed and left alone. "
        "Its full rules are our JSON Schema (`resources/eido/eido.schema.json`), not this document's: an EIDO's "
        "links are objects with a `$ref` key, which OpenAPI tools read as references of their own (so there is no "
        "example here either; `routes/eido.py` has one).")) -> EidoTriageResponse:
    try:
        intake = eido.read(document)
    except eido.EidoError as exc:
        raise RequestValidationError([{"type": "eido", "loc": ("body", *path), "msg": message}
                                      for path, message in exc.problems]) from None
    limit = triaging.settings.max_text_chars
    if len(intake.text) > limit:
        raise RequestValidationError([{"type": "string_too_long", "loc": ("body", "notesComponent"),
                                       "msg": f"the notes hold {len(intake.text)} characters together; at most "
                                       f"{limit} are accepted (CALL_NLP_MAX_TEXT_CHARS)"}])
    if intake.call_id is not None and len(intake.call_id) > CALL_ID_MAX_CHARS:
        where = ("incidentComponent", "$id") if intake.incident_type else ("$id",)
        raise RequestValidationError([{"type": "string_too_long", "loc": ("body", *where),
                                       "msg": f"{len(intake.call_id)} characters; a call id holds at most "
                                       f"{CALL_ID_MAX_CHARS}"}])
    note = TriageRequest.model_construct(text=intake.text, call_id=intake.call_id, district=None)
    recorded_type = intake.incident_type.recorded() if intake.incident_type else None
    suggestion, record, outcome = await suggest(note, triaging, recorded_type)
    return EidoTriageResponse(
        suggestion=TriageResponse.from_suggestion(suggestion, intake.call_id, record.suggestion_id, outcome),
        notes_read=intake.notes,
        incident_type=IncidentTypePublic.model_validate(intake.incident_type, from_attributes=True)
        if intake.incident_type else None,
        eido=eido.fragment(suggestion, record.suggestion_id, intake),
    )
