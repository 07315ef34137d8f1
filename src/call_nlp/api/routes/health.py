"""Liveness and readiness probes."""

from __future__ import annotations

from fastapi import APIRouter, status
from fastapi.responses import JSONResponse

from call_nlp.api.deps import ModelStateDep
from call_nlp.api.schemas import HealthResponse, ReadinessResponse, model_info

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=HealthResponse, summary="Liveness: the process is up")
def healthz() -> HealthResponse:
    return HealthResponse()


@router.get(
    "/readyz",
    response_model=ReadinessResponse,
    summary="Readiness: the model and policy are loaded",
    responses={503: {"model": ReadinessResponse, "description": "Model not loaded; `reason` says why."}},
)
def readyz(state: ModelStateDep) -> ReadinessResponse | JSONResponse:
    if state.triager is None:
        body = ReadinessResponse(status="unavailable", reason=state.error)
        return JSONResponse(body.model_dump(mode="json"), status_code=status.HTTP_503_SERVICE_UNAVAILABLE)
    return ReadinessResponse(status="ready", model=model_info(state.triager.info))
