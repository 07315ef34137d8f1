"""POST /v1/triage without the framework's per-request machinery, when the request needs none of it.

A call-taker's tool sends the note again every few seconds, so this one endpoint carries
nearly all the traffic. FastAPI's middleware stack, routing, dependency solving and
`Request`/`Response` objects cost a good part of such a request (under callgrind, an
in-process request took 4.37 M instructions through them, 3.73 M without them and with the
response built in one validation). `TriageApp` answers an ordinary triage request itself,
with the very function the FastAPI route calls (`suggest_one`):

- the app has started with its model and record store;
- the path is exactly ``/v1/triage``, the method POST, and the content type ``application/json``;
- the caller is authorized (`body_guard` calls `security.authorize`, as the route's
  dependency does) and its role may triage (`security.permits`);
- the body, at most `MAX_BODY_BYTES`, is JSON that `TriageRequest` accepts, read as FastAPI
  reads it (``json.loads``, then the model), and the note is within ``max_text_chars``.

Anything else (a missing key, a malformed body, a model that failed to load, another content
type) goes to the FastAPI app untouched, with the body it has already read handed on, so every
error keeps its one implementation and its one format. An unexpected exception is answered
as Starlette's ``ServerErrorMiddleware`` answers it (500, ``Internal Server Error``) and raised
again for the server to log.
"""

from __future__ import annotations

import json
import logging
import time

from fastapi import FastAPI
from pydantic import ValidationError

from call_nlp.api.body_guard import (
    BODY_METHODS,
    BodyTooLarge,
    Message,
    Receive,
    Scope,
    Send,
    answer,
    guarded,
    headers_of,
)
from call_nlp.api.deps import ready_triaging
from call_nlp.api.routes.triage import ROLES, suggest_one
from call_nlp.api.schemas import TriageRequest
from call_nlp.api.security import Principal, permits
from call_nlp.api.service_metrics import route_of
from call_nlp.api.strict_json import no_duplicates


PATH = "/v1/triage"
#: Bodies larger than this are left to FastAPI (a note of 10,000 characters, each escaped as
#: \\uXXXX, with its call id and district, stays below it).
MAX_BODY_BYTES = 128 * 1024


_JSON_HEADERS = [(b"content-type", b"application/json")]


class TriageApp(FastAPI):
    """The service's app: FastAPI, with ordinary triage requests answered before its routing."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:  # type: ignore[override]
        metrics = getattr(self.state, "metrics", None)
        if scope["type"] != "http" or metrics is None:
            return await self._answer(scope, receive, send)
        started, status = time.perf_counter(), 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self._answer(scope, receive, sending)
        finally:  # every request, answered by the fast path or the framework, counted once with its time
            metrics.request(scope["method"], route_of(scope, PATH), status, time.perf_counter() - started)

    async def _answer(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in BODY_METHODS:
            headers = headers_of(scope)
            admitted = await guarded(self.state, scope, headers, receive, send)
            if admitted is None:
                return  # answered without reading the body
            receive, principal = admitted  # authorized, the body bounded to the limit
            if scope["path"] == PATH and scope["method"] == "POST" and not scope.get("root_path"):
                try:
                    await _triage(self, scope, headers, principal, receive, send)
                except BodyTooLarge as refused:
                    await answer(send, refused)
                return
        await super().__call__(scope, receive, send)


async def _triage(app: TriageApp, scope: Scope, headers: dict[bytes, bytes], principal: Principal,
                  receive: Receive, send: Send) -> None:
    framework = super(TriageApp, app).__call__
    triaging = ready_triaging(app.state)
    if (triaging is None or headers.get(b"content-type", b"").strip().lower() != b"application/json"
            or not permits(principal, ROLES)):  # the framework answers these (its 403, its 503)
        return await framework(scope, receive, send)
    body, complete = await _read_body(receive)
    if body is None:
        return  # the client went away before sending its note
    note = _note(body) if complete else None
    if note is None or len(note.text) > triaging.settings.max_text_chars:
        return await framework(scope, _replay(body, complete, receive), send)
    try:
        content = await suggest_one(note, triaging)
    except Exception:  # as ServerErrorMiddleware answers it; the server logs the exception
        await send({"type": "http.response.start", "status": 500,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", b"21")]})
        await send({"type": "http.response.body", "body": b"Internal Server Error"})
        raise
    await send({"type": "http.response.start", "status": 200,
                "headers": [*_JSON_HEADERS, (b"content-length", str(len(content)).encode())]})
    await send({"type": "http.response.body", "body": content})


async def _read_body(receive: Receive) -> tuple[bytes | None, bool]:
    """(the body read, whether it is all of it): reading stops after `MAX_BODY_BYTES`; None when
    the client disconnected."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None, False
        chunk = message.get("body", b"")
        chunks.append(chunk)
        size += len(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks), True
        if size > MAX_BODY_BYTES:
            return b"".join(chunks), False


def _note(body: bytes) -> TriageRequest | None:
    """The note, when the body is one FastAPI would accept (decoded as it decodes it); else None."""
    try:
        return TriageRequest.model_validate(json.loads(body, object_pairs_hook=no_duplicates))
    except (ValueError, ValidationError):  # JSONDecodeError, UnicodeDecodeError, DuplicateKey: ValueErrors
        return None


def _replay(body: bytes, complete: bool, receive: Receive) -> Receive:
    """``receive`` for the framework: what was read already, then whatever the client sends next."""
    pending = True

    async def again() -> Message:
        nonlocal pending
        if pending:
            pending = False
            return {"type": "http.request", "body": body, "more_body": not complete}
        return await receive()

    return again


class TriageAccessFilter(logging.Filter):
    """Drops the server's access-log line of an answered POST /v1/triage: the service logs that
    request itself, with its suggestion id (`routes.triage`), and writing the second line cost
    4-16% of the served throughput (A/B of two servers side by side). Every other request, and a triage answered with an error, keeps
    its line. Reads uvicorn's access record: (client, method, path, HTTP version, status)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        return not (isinstance(args, tuple) and len(args) == 5 and args[1] == "POST" and args[2] == PATH
                    and args[4] == 200)


ACCESS_LOGGER = "uvicorn.access"


def quiet_triage_access(on: bool) -> None:
    """Install (``on``) or remove the `TriageAccessFilter` on the server's access logger."""
    logger = logging.getLogger(ACCESS_LOGGER)
    for old in [f for f in logger.filters if isinstance(f, TriageAccessFilter)]:
        logger.removeFilter(old)
    if on:
        logger.addFilter(TriageAccessFilter())
