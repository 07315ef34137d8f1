"""Loading the model and opening the record store once per app, and the dependencies routes use to reach them."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request, status
from sqlalchemy.exc import SQLAlchemyError

from call_nlp.api.service_metrics import ServiceMetrics
from call_nlp.api.settings import Settings
from call_nlp.artifact import ModelLoadError
from call_nlp.labels import HEADS, LABELS
from call_nlp.policy import PolicyError
from call_nlp.records.recorder import Recorder
from call_nlp.records.secret import hmac_key
from call_nlp.records.spool import Spool
from call_nlp.records.store import RecordStore
from call_nlp.redact import protected_words
from call_nlp.triage import Triager

log = logging.getLogger("call_nlp.api")

NOT_STARTED = "the application has not started (model is loaded at startup)"
_WARM_UP_NOTE = "RP REQUESTS WELFARE CHECK"


@dataclass(frozen=True)
class ModelState:
    """The loaded triager, or why there is none."""

    triager: Triager | None
    error: str | None = None


def load_triager(settings: Settings) -> Triager:
    """Load, check and warm up the triager of ``settings``; every failure is a `ModelLoadError`
    that says why (at the start, and when a new model is swapped in: `model_updates`)."""
    try:
        triager = Triager.load(settings.model_path, settings.policy_path, tracking_uri=settings.mlflow_tracking_uri)
        _check_labels(triager)
    except ModelLoadError:
        raise
    except PolicyError as exc:
        raise ModelLoadError(str(exc)) from None
    except OSError as exc:
        raise ModelLoadError(f"{exc.filename}: {exc.strerror}" if exc.filename else f"{type(exc).__name__}: {exc}") from None
    except Exception as exc:  # unreadable file, incompatible versions, malformed manifest, ...
        log.exception("unexpected error loading the model")
        raise ModelLoadError(f"could not load model from {settings.model_path}: {type(exc).__name__}: {exc}") from None
    log.info(
        "model loaded: version=%s sha256=%s policy=%s (%s)",
        triager.info.version,
        triager.info.sha256[:12],
        triager.info.policy_version,
        triager.info.policy_digest[:12],
    )
    return triager


def load_model_state(settings: Settings) -> ModelState:
    """Load and warm up the triager; any failure becomes a reason, never an exception."""
    try:
        return ModelState(load_triager(settings))
    except ModelLoadError as exc:
        log.error("model not loaded; triage endpoints answer 503: %s", exc)
        return ModelState(None, str(exc))


def _check_labels(triager: Triager) -> None:
    """Warm the model up (builds the tokenizer) and make sure it speaks the taxonomy's labels."""
    suggestion = triager.triage(_WARM_UP_NOTE)
    for head in HEADS:
        unknown = sorted(set(suggestion.head(head).probabilities) - set(LABELS[head]))
        if unknown:
            raise ModelLoadError(f"model predicts {head} labels outside the taxonomy: {unknown}")


@dataclass(frozen=True)
class Recording:
    """Where suggestions are recorded, and the key their note text is hashed with."""

    recorder: Recorder
    hmac_key: bytes = field(repr=False)


def open_recording(settings: Settings) -> Recording:
    """Open the store (unreachable is fine: records are spooled) and start replaying the spool.

    A missing HMAC key for a server database or an unusable URL is a configuration error
    and stops the start.
    """
    key = hmac_key(settings.hmac_secret.get_secret_value() if settings.hmac_secret else None, settings.database_url)
    if settings.store_text == "redacted":
        protected_words()  # read once now, not on the first request that names someone
    store = RecordStore.from_url(settings.database_url)
    recorder = Recorder(store, Spool(settings.spool_dir), settings.store_retry_seconds,
                        budget_seconds=settings.record_budget_ms / 1000)
    recorder.start()
    status_ = recorder.status()
    log.info(
        "record store %s (%s), note text stored: %s, spool %s holds %d record(s)",
        status_.store,
        recorder.store.engine.url.render_as_string(hide_password=True),
        settings.store_text,
        settings.spool_dir,
        status_.spool_records,
    )
    return Recording(recorder, key)


@contextmanager
def store_errors() -> Iterator[None]:
    """A store that cannot answer a read or a review is a 503 (suggestions themselves are spooled instead)."""
    try:
        yield
    except SQLAlchemyError as exc:
        log.error("record store error: %s", type(exc).__name__)
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE, detail="record store unavailable; nothing was written, try again"
        ) from None


# The dependencies below only read app.state: `async def` runs them on the event loop, where a
# plain `def` would cost each request one worker-thread round trip per dependency.


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_model_state(request: Request) -> ModelState:
    state = getattr(request.app.state, "model", None)
    return state if isinstance(state, ModelState) else ModelState(None, NOT_STARTED)


async def get_triager(state: Annotated[ModelState, Depends(get_model_state)]) -> Triager:
    if state.triager is None:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, detail=f"model not loaded: {state.error}")
    return state.triager


async def get_recording(request: Request) -> Recording:
    recording = getattr(request.app.state, "recording", None)
    if not isinstance(recording, Recording):
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, detail=NOT_STARTED)
    return recording


@dataclass(frozen=True)
class Triaging:
    """What a triage route needs, reached as one dependency: FastAPI solves each dependency
    anew on every request (about 0.05 ms each here), and triage is the path that is timed."""

    triager: Triager
    settings: Settings
    recording: Recording
    metrics: ServiceMetrics


def ready_triaging(state: Any) -> Triaging | None:
    """The triager, settings and record store of an app's ``state`` when the model is loaded and
    the store open; None otherwise (`get_triaging` then says why)."""
    model, recording = getattr(state, "model", None), getattr(state, "recording", None)
    if isinstance(model, ModelState) and model.triager is not None and isinstance(recording, Recording):
        return Triaging(model.triager, state.settings, recording, state.metrics)
    return None


async def get_triaging(request: Request) -> Triaging:
    """The triager, settings and record store; 503 (and why) when the model or store is not ready."""
    state = await get_model_state(request)
    return Triaging(await get_triager(state), await get_settings(request), await get_recording(request),
                    request.app.state.metrics)


SettingsDep = Annotated[Settings, Depends(get_settings)]
RecordingDep = Annotated[Recording, Depends(get_recording)]
ModelStateDep = Annotated[ModelState, Depends(get_model_state)]
TriagerDep = Annotated[Triager, Depends(get_triager)]
TriagingDep = Annotated[Triaging, Depends(get_triaging)]
