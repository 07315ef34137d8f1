"""Assembles the FastAPI app: settings, model loading in lifespan, error format, routers."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

import call_nlp
from call_nlp.api.deps import load_model_state
from call_nlp.api.routes import health, model, triage
from call_nlp.api.settings import Settings

log = logging.getLogger("call_nlp.api")

DESCRIPTION = """Suggests crisis type, violence risk and a response model for a 911 call-taker's
note, for a person to accept or override. Labels are those of the taxonomy (TAXONOMY.md).
Note text is never logged unless `CALL_NLP_LOG_TEXT=true`."""


def create_app(settings: Settings | None = None) -> FastAPI:
    """A new app; the model is loaded when it starts (lifespan), not here."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.log_text:
            log.warning("CALL_NLP_LOG_TEXT is on: note text will be written to the logs")
        app.state.model = load_model_state(settings)
        yield

    app = FastAPI(title="call_nlp triage", version=call_nlp.__version__, description=DESCRIPTION, lifespan=lifespan)
    app.state.settings = settings
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.include_router(health.router)
    app.include_router(triage.router)
    app.include_router(model.router)
    return app


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    """422 with `type`, `loc` and `msg` per problem; the offending input is not echoed back."""
    return JSONResponse(
        {"detail": [_problem(e) for e in exc.errors()]}, status_code=status.HTTP_422_UNPROCESSABLE_CONTENT
    )


def _problem(error: dict[str, Any]) -> dict[str, Any]:
    msg = str(error.get("msg", "invalid"))
    ctx = error.get("ctx") or {}
    if error.get("type") == "json_invalid" and ctx.get("error"):
        msg = f"{msg}: {ctx['error']}; the body must be JSON"
    loc = [p if isinstance(p, int) else str(p) for p in error.get("loc", ())]
    return {"type": str(error.get("type", "value_error")), "loc": loc, "msg": msg}


def run(settings: Settings | None = None) -> None:
    """Serve on ``settings.host:settings.port`` with one worker (for a CLI `serve` command)."""
    import uvicorn

    settings = settings or Settings()
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, workers=1)
