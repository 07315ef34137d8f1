"""Assembles the FastAPI app: settings, model loading in lifespan, error format, routers."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

import call_nlp
from call_nlp import log_setup
from call_nlp.api.deps import load_model_state, open_recording
from call_nlp.api.fast_triage import TriageApp, quiet_triage_access
from call_nlp.api.model_updates import ModelUpdates
from call_nlp.api.service_metrics import ServiceMetrics
from call_nlp.api.routes import calls, docs, eido, health, metrics, model, review_page, suggestions, triage
from call_nlp.api.schemas import ValidationErrorResponse, validation_problem
from call_nlp.api.security import check_open_mode, parse_api_keys
from call_nlp.api.settings import Settings, load_settings

log = logging.getLogger("call_nlp.api")

#: The interpreter's switch interval while the app runs (Python's default is 5 ms). When the
#: record writer is a thread (CALL_NLP_RECORD_WRITER=thread, or standing in for the writer
#: process), it waits for the GIL after each SQLite call, which the event loop's thread holds
#: while it triages the next note, and every request waits for its record's commit. At 1 ms, a
#: served run at 4 connections with the thread answered 4% more requests per second (A/B, 3 runs
#: each: 845-864 -> 888-889 req/s).
SWITCH_INTERVAL_S = 0.001

DESCRIPTION = """Suggests crisis type, violence risk and a response model for a 911 call-taker's
note, for a person to accept or override. Labels are those of the taxonomy (TAXONOMY.md).
Every suggestion is recorded (`suggestion_id`) with the call-taker's review. Clients send an
API key in `X-API-Key` (roles `call-taker`, `auditor`, `labeler`, `operator`). Note text is never logged unless
`CALL_NLP_LOG_TEXT=true`."""


def create_app(settings: Settings | None = None) -> FastAPI:
    """A new app; the model is loaded and the record store opened when it starts (lifespan), not here.
    Ordinary triage requests are answered before FastAPI's routing (`fast_triage`)."""
    settings = settings or load_settings()
    if not logging.getLogger().handlers:  # a worker `call-nlp serve --workers N` spawned: log as the command does
        log_setup.configure(settings.log_format)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        check_open_mode(app.state.api_keys, settings.host)
        if settings.log_text:
            log.warning("CALL_NLP_LOG_TEXT is on: note text will be written to the logs")
        quiet_triage_access(not settings.access_log_triage)
        app.state.recording = recording = open_recording(settings)
        if settings.record_writer == "process":
            recording.recorder.start_process()  # it starts while the model loads
        app.state.model = load_model_state(settings)
        app.state.updates = updates = ModelUpdates(app.state, settings)
        updates.started()
        poll = asyncio.create_task(updates.poll()) if settings.model_poll_seconds > 0 else None
        # What is loaded now lives as long as the app: out of the collector's reach, a full
        # collection no longer walks the model (a 115-140 ms pause of every request in flight,
        # about once per 2,500 requests, measured; with it frozen, none in as many)
        gc.collect()
        gc.freeze()
        switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_INTERVAL_S)
        try:
            yield
        finally:
            if poll is not None:
                poll.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await poll
            sys.setswitchinterval(switch_interval)
            await recording.recorder.stop_process()
            recording.recorder.stop()
            gc.unfreeze()  # collectable again: a process that starts apps in turn (tests) frees them

    # /docs is served from files in the package (routes/docs.py), not FastAPI's CDN page; no /redoc
    app = TriageApp(title="call_nlp triage", version=call_nlp.__version__, description=DESCRIPTION, lifespan=lifespan,
                    docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.metrics = ServiceMetrics()  # what /metrics counts: requests, latency, suggestions
    app.state.api_keys = parse_api_keys(settings.api_keys.get_secret_value())
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.include_router(health.router)
    app.include_router(metrics.router)
    app.include_router(triage.router)
    app.include_router(eido.router)
    app.include_router(model.router)
    app.include_router(suggestions.router)
    app.include_router(calls.router)
    app.include_router(review_page.router)
    app.include_router(docs.router)
    return app


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    """422 with `type`, `loc` and `msg` per problem; the offending input is not echoed back."""
    body = ValidationErrorResponse(detail=[validation_problem(e) for e in exc.errors()])
    return JSONResponse(body.model_dump(mode="json"), status_code=status.HTTP_422_UNPROCESSABLE_CONTENT)
