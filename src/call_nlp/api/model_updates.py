"""Following the champion: what the model source names now, and swapping it in without a restart.

The service's model source (``CALL_NLP_MODEL_PATH``) is a model directory (`defaults.MODEL_DIR`,
which `make train` rewrites when the gate promotes a model) or a registry URI
(``models:/call-nlp@champion``, whose alias the gate moves). Each worker of the service:

- looks at its source every ``CALL_NLP_MODEL_POLL_SECONDS`` (the directory's signed manifest,
  or the registry entry the alias names), and when the source names another model than the one
  it serves (by version and model sha256), loads it and swaps it in;
- does the same when an operator calls ``POST /v1/model/reload``.

A swap drops no request: a new model is loaded and checked (signature, every file's sha256,
the serving form against its check notes, labels) in a thread while the old one keeps
answering; then one assignment of ``app.state.model`` makes it the one later requests get. A
request already under way finishes with the model it started with, and its record carries that
model's version. A model that fails to load is never swapped in: the old one stays, and the
failure is reported (`ChampionStatus.error`) and not retried by the poll until the source names
yet another model (a reload retries it).
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from call_nlp import registry
from call_nlp.api.deps import ModelState, load_triager
from call_nlp.api.settings import Settings
from call_nlp.artifact import ModelLoadError, read_manifest
from call_nlp.triage import ModelInfo, Triager

log = logging.getLogger("call_nlp.api")


@dataclass(frozen=True)
class ModelId:
    """Which model: its registry version and the sha256 of its model file."""

    version: str
    sha256: str

    @classmethod
    def of(cls, triager: Triager) -> ModelId:
        return cls(triager.info.version, triager.info.sha256)


@dataclass(frozen=True)
class ChampionStatus:
    """What the model source named at the last look, against the model served."""

    source: str
    poll_seconds: float
    checked_at: datetime | None = None
    #: The model the source names (None before the first look, or when the look failed).
    available: ModelId | None = None
    #: The source names a model other than the one served (a newer champion, or a rollback).
    newer: bool = False
    #: Why the last look, or the last load of what it named, failed.
    error: str | None = None


@dataclass(frozen=True)
class ReloadOutcome:
    """What a reload did: swapped in a model, found the served one current, or kept it on a failure."""

    swapped: bool
    reason: str
    previous: ModelInfo | None
    model: ModelInfo | None
    failed: bool = False


def look(settings: Settings) -> ModelId:
    """The model the source names now, without loading it (blocking: file or registry I/O).
    A directory's manifest is read only once its signature verifies; `ModelLoadError` otherwise."""
    spec = settings.model_path
    if registry.is_model_uri(spec):
        entry = registry.model_version(str(spec), settings.mlflow_tracking_uri)
        return ModelId(str(entry.version), (entry.tags or {}).get(registry.SHA256_TAG, ""))
    manifest = read_manifest(Path(spec))
    return ModelId(manifest.version, manifest.model_sha256)


class ModelUpdates:
    """One app's watch on its model source: the last look, reloads, and the poll."""

    def __init__(self, app_state: Any, settings: Settings) -> None:
        self._state = app_state
        self._settings = settings
        self._lock = asyncio.Lock()
        #: A model the source named whose load failed: the poll does not load it again.
        self._refused: ModelId | None = None
        self._checked_at: datetime | None = None
        self._available: ModelId | None = None
        self._error: str | None = None

    def _served(self) -> Triager | None:
        state = getattr(self._state, "model", None)
        return state.triager if isinstance(state, ModelState) else None

    def status(self) -> ChampionStatus:
        served = self._served()
        newer = self._available is not None and (served is None or self._available != ModelId.of(served))
        return ChampionStatus(source=str(self._settings.model_path), poll_seconds=self._settings.model_poll_seconds,
                              checked_at=self._checked_at, available=self._available, newer=newer, error=self._error)

    def started(self) -> None:
        """Note what the start loaded (the lifespan's load) as the source's model."""
        served = self._served()
        self._checked_at = _now()
        if served is not None:
            self._available, self._error = ModelId.of(served), None
        else:
            state = getattr(self._state, "model", None)
            self._available, self._error = None, state.error if isinstance(state, ModelState) else None

    async def check(self) -> ModelId | None:
        """Look at the source (in a thread); None when the look failed (`status` says why)."""
        try:
            available = await asyncio.to_thread(look, self._settings)
        except ModelLoadError as exc:
            self._checked_at, self._available, self._error = _now(), None, str(exc)
            return None
        except Exception as exc:  # noqa: BLE001 - a registry down, a file half written: look again later
            self._checked_at, self._available = _now(), None
            self._error = f"could not look at the model source: {type(exc).__name__}: {exc}"
            return None
        self._checked_at, self._available = _now(), available
        if available != self._refused:
            self._error = None
        return available

    async def reload(self, available: ModelId | None = None) -> ReloadOutcome:
        """Load what the source names now and swap it in, unless it is the model (and policy) served.
        ``available``: what a look just found (the poll's), so the source is not looked at twice."""
        async with self._lock:
            if available is None:
                available = await self.check()
            previous = self._served()
            try:
                triager = await asyncio.to_thread(load_triager, self._settings)
            except ModelLoadError as exc:
                self._refused, self._error = available, f"not swapped in: {exc}"
                log.error("model reload failed, still serving %s: %s",
                          previous.info.version if previous else "no model", exc)
                return ReloadOutcome(False, str(exc), _info(previous), _info(previous), failed=True)
            self._refused = None
            if previous is not None and _same(previous, triager):
                self._available, self._error = ModelId.of(triager), None
                return ReloadOutcome(False, "the source names the model and policy already served",
                                     previous.info, previous.info)
            self._state.model = ModelState(triager)  # later requests get it; those under way keep theirs
            self._available, self._error = ModelId.of(triager), None
            _collect_the_old_model()
            log.info("model swapped in (worker pid %d): version %s (sha256 %s) replaces %s",
                     os.getpid(), triager.info.version, triager.info.sha256[:12],
                     f"version {previous.info.version} (sha256 {previous.info.sha256[:12]})" if previous else "no model")
            return ReloadOutcome(True, f"version {triager.info.version} swapped in", _info(previous), triager.info)

    async def poll(self) -> None:
        """Every ``model_poll_seconds``: look, and reload when the source names another model
        (not one whose load already failed). Runs until cancelled (the app's stop)."""
        every = self._settings.model_poll_seconds
        while True:
            await asyncio.sleep(every)
            available = await self.check()
            served = self._served()
            if available is None or available == self._refused:
                continue
            if served is None or available != ModelId.of(served):
                await self.reload(available)


def _same(served: Triager, loaded: Triager) -> bool:
    return ModelId.of(served) == ModelId.of(loaded) and served.info.policy_digest == loaded.info.policy_digest


def _info(triager: Triager | None) -> ModelInfo | None:
    return triager.info if triager is not None else None


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _collect_the_old_model() -> None:
    """The start froze the loaded model out of the collector's reach (`main.lifespan`): thaw, collect
    what is no longer referenced, and freeze the new model. An old model a request still holds is
    freed by reference counting when that request ends. One full collection, a pause of about a
    tenth of a second, once per swap."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
