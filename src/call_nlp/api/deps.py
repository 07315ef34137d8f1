"""Loading the model once per app, and the dependencies routes use to reach it and the settings."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status

from call_nlp.api.settings import Settings
from call_nlp.artifact import ModelLoadError
from call_nlp.labels import HEADS, LABELS
from call_nlp.policy import PolicyError
from call_nlp.triage import Triager

log = logging.getLogger("call_nlp.api")

NOT_STARTED = "the application has not started (model is loaded at startup)"
_WARM_UP_NOTE = "RP REQUESTS WELFARE CHECK"


@dataclass(frozen=True)
class ModelState:
    """The loaded triager, or why there is none."""

    triager: Triager | None
    error: str | None = None


def load_model_state(settings: Settings) -> ModelState:
    """Load and warm up the triager; any failure becomes a reason, never an exception."""
    try:
        triager = Triager.load(settings.model_path, settings.policy_path)
        _check_labels(triager)
    except (ModelLoadError, PolicyError) as exc:
        reason = str(exc)
    except OSError as exc:
        reason = f"{exc.filename}: {exc.strerror}" if exc.filename else f"{type(exc).__name__}: {exc}"
    except Exception as exc:  # unreadable pickle, incompatible versions, malformed manifest, ...
        log.exception("unexpected error loading the model")
        reason = f"could not load model from {settings.model_path}: {type(exc).__name__}: {exc}"
    else:
        log.info(
            "model loaded: version=%s sha256=%s policy=%s (%s)",
            triager.info.version,
            triager.info.sha256[:12],
            triager.info.policy_version,
            triager.info.policy_digest[:12],
        )
        return ModelState(triager)
    log.error("model not loaded; triage endpoints answer 503: %s", reason)
    return ModelState(None, reason)


def _check_labels(triager: Triager) -> None:
    """Warm the model up (builds the tokenizer) and make sure it speaks the taxonomy's labels."""
    suggestion = triager.triage(_WARM_UP_NOTE)
    for head in HEADS:
        unknown = sorted(set(suggestion.head(head).probabilities) - set(LABELS[head]))
        if unknown:
            raise ModelLoadError(f"model predicts {head} labels outside the taxonomy: {unknown}")


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_model_state(request: Request) -> ModelState:
    state = getattr(request.app.state, "model", None)
    return state if isinstance(state, ModelState) else ModelState(None, NOT_STARTED)


def get_triager(state: Annotated[ModelState, Depends(get_model_state)]) -> Triager:
    if state.triager is None:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, detail=f"model not loaded: {state.error}")
    return state.triager


SettingsDep = Annotated[Settings, Depends(get_settings)]
ModelStateDep = Annotated[ModelState, Depends(get_model_state)]
TriagerDep = Annotated[Triager, Depends(get_triager)]
