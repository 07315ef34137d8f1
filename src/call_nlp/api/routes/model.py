"""What model and policy the service is running, whether a newer champion exists, and swapping it in."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request, status

from call_nlp.api.deps import TriagerDep
from call_nlp.api.model_updates import ModelUpdates
from call_nlp.api.schemas import ChampionPublic, ErrorResponse, ModelDetails, ReloadResponse, model_details
from call_nlp.api.security import OperatorDep, require

router = APIRouter(prefix="/v1/model", tags=["model"], dependencies=[Depends(require())])


def _updates(request: Request) -> ModelUpdates:
    updates = getattr(request.app.state, "updates", None)
    if not isinstance(updates, ModelUpdates):
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, detail="the application has not started")
    return updates


@router.get(
    "",
    response_model=ModelDetails,
    summary="Manifest summary of the loaded model, the policy in use, and whether a newer champion exists",
    responses={
        401: {"model": ErrorResponse, "description": "Missing or unknown API key."},
        503: {"model": ErrorResponse, "description": "Model not loaded."},
    },
)
async def get_model(triager: TriagerDep, request: Request) -> ModelDetails:
    """`champion` comes from a look at the source made now (/readyz reports the last poll's)."""
    updates = _updates(request)
    await updates.check()
    details = model_details(
        triager.model.manifest,
        triager.info,
        triager.settings(),
        [rule.name for rule in triager.policy.rules],
    )
    return details.model_copy(update={"champion": ChampionPublic.model_validate(updates.status())})


@router.post(
    "/reload",
    response_model=ReloadResponse,
    summary="Swap in the model the source names now (operator)",
    description="Loads what `CALL_NLP_MODEL_PATH` names now (the directory's model, or the version a models:/ "
    "alias points to) and the policy file, verified as at the start, while the served model keeps answering; "
    "then later requests get the new one. No request is dropped: those under way finish with the model they "
    "started with. Only the worker that answers reloads; the others swap at their next poll "
    "(`CALL_NLP_MODEL_POLL_SECONDS`). A model that fails to load is not swapped in (409, with why).",
    responses={
        401: {"model": ErrorResponse, "description": "Missing or unknown API key."},
        403: {"model": ErrorResponse, "description": "The key's role is not `operator`."},
        409: {"model": ErrorResponse, "description": "The model the source names did not load; the served one stays."},
    },
)
async def reload_model(request: Request, _: OperatorDep) -> ReloadResponse:
    outcome = await _updates(request).reload()
    if outcome.failed:
        serving = f"version {outcome.model.version}" if outcome.model is not None else "no model"
        raise HTTPException(status.HTTP_409_CONFLICT, detail=f"not swapped in: {outcome.reason}; still serving {serving}")
    return ReloadResponse.model_validate(outcome)
