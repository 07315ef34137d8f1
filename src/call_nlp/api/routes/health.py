"""Liveness and readiness probes."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request, status
from fastapi.responses import JSONResponse

from call_nlp.api.deps import ModelStateDep, Recording
from call_nlp.api.model_updates import ModelUpdates
from call_nlp.api.schemas import ChampionPublic, HealthResponse, ModelInfoPublic, ReadinessResponse

router = APIRouter(tags=["health"])

#: A file path (absolute, or with a folder): the unauthenticated /readyz names its last part only.
_PATH = re.compile(r"(?:[A-Za-z]:)?[\\/]?(?:[^\s:;,'\"\\/]+[\\/])+([^\s:;,'\"\\/]*)")


def without_paths(reason: str | None) -> str | None:
    """The reason with each file path cut to its last part ("/srv/x/model: ..." -> "model: ..."):
    the log keeps the whole message; /readyz answers anyone."""
    return None if reason is None else _PATH.sub(lambda m: m.group(1) or "(folder)", reason)


@router.get("/healthz", response_model=HealthResponse, summary="Liveness: the process is up")
def healthz() -> HealthResponse:
    return HealthResponse()


@router.get(
    "/readyz",
    response_model=ReadinessResponse,
    summary="Readiness: the model and policy are loaded; record store state",
    responses={503: {"model": ReadinessResponse, "description": "Model not loaded; `reason` says why."}},
)
def readyz(state: ModelStateDep, request: Request) -> ReadinessResponse | JSONResponse:
    store = {**_store_state(request), "champion": _champion(request)}
    if state.triager is None:
        body = ReadinessResponse(status="unavailable", reason=without_paths(state.error), **store)
        return JSONResponse(body.model_dump(mode="json"), status_code=status.HTTP_503_SERVICE_UNAVAILABLE)
    lost = store.get("lost_records") or 0
    if lost and request.app.state.settings.readyz_fail_on_record_loss:
        body = ReadinessResponse(status="unavailable", reason=f"{lost} record(s) lost: neither stored nor spooled",
                                 **store)
        return JSONResponse(body.model_dump(mode="json"), status_code=status.HTTP_503_SERVICE_UNAVAILABLE)
    # a degraded store keeps the service ready: suggestions (weapon warnings) must still be served
    return ReadinessResponse(status="ready", model=ModelInfoPublic.model_validate(state.triager.info), **store)


def _champion(request: Request) -> ChampionPublic | None:
    """The last look at the model source, with file paths cut to their last part (anyone may ask)."""
    updates = getattr(request.app.state, "updates", None)
    if not isinstance(updates, ModelUpdates):
        return None
    found = ChampionPublic.model_validate(updates.status())
    return found.model_copy(update={"source": without_paths(found.source), "error": without_paths(found.error)})


def _store_state(request: Request) -> dict[str, Any]:
    recording = getattr(request.app.state, "recording", None)
    if not isinstance(recording, Recording):
        return {}
    found = recording.recorder.status()
    return {
        "store": found.store,
        "store_reason": found.reason,
        "spool_error": found.spool_error,
        "lost_records": found.lost_records,
        "spool_records": found.spool_records,
        "rejected_records": found.rejected_records,
        "record_writer": found.writer,
    }
