"""What model and policy the service is running."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from call_nlp.api.deps import TriagerDep
from call_nlp.api.schemas import ErrorResponse, ModelDetails, model_details
from call_nlp.api.security import require

router = APIRouter(prefix="/v1/model", tags=["model"], dependencies=[Depends(require())])


@router.get(
    "",
    response_model=ModelDetails,
    summary="Manifest summary of the loaded model and the policy in use",
    responses={
        401: {"model": ErrorResponse, "description": "Missing or unknown API key."},
        503: {"model": ErrorResponse, "description": "Model not loaded."},
    },
)
def get_model(triager: TriagerDep) -> ModelDetails:
    return model_details(
        triager.model.manifest,
        triager.info,
        triager.settings(),
        [rule.name for rule in triager.policy.rules],
    )
