"""Assembles the FastAPI app: settings, model loading in lifespan, error format, routers."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

import call_nlp
from call_nlp.api.deps import load_model_state
from call_nlp.api.routes import health, model, triage
from call_nlp.api.schemas import ValidationErrorResponse, validation_problem
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
    body = ValidationErrorResponse(detail=[validation_problem(e) for e in exc.errors()])
    return JSONResponse(body.model_dump(mode="json"), status_code=status.HTTP_422_UNPROCESSABLE_CONTENT)
