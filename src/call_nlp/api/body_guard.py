"""Before a request's body is read: the caller is known, and the body fits the limit.

Without it, FastAPI read and parsed a body in full before any dependency ran: a 200 MB body
was parsed (940 MB resident) before its 422, and a body without a key before its 401. Now
every request that sends a body (POST, PUT, PATCH) is first authorized, as any role (the
route still checks its own roles), and answered 401/403 unread; then a ``Content-Length``
over `body_limit` is answered 413 unread, and a body sent without one is cut off with a 413
as soon as it passes the limit.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import HTTPException

from call_nlp.api.security import Principal, authorize
from call_nlp.api.settings import Settings

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

#: JSON escapes a character as at most 12 bytes ("\\ud83d\\ude00"), and a note's call id,
#: district and keys take far less than this many bytes beside its text.
BYTES_PER_CHAR = 12
BYTES_PER_NOTE = 1024
SLACK_BYTES = 64 * 1024
#: The methods whose requests send a body.
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


class BodyTooLarge(HTTPException):
    """413: raised while the body is read, as FastAPI passes an HTTPException on unchanged."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than {limit:,} bytes, the most this service accepts "
                              "(set by CALL_NLP_MAX_BATCH_CHARS and CALL_NLP_MAX_BATCH)")


def body_limit(settings: Settings) -> int:
    """The largest body any request may send: the largest batch, every character escaped."""
    return BYTES_PER_CHAR * settings.max_batch_chars + BYTES_PER_NOTE * settings.max_batch + SLACK_BYTES


def headers_of(scope: Scope) -> dict[bytes, bytes]:
    """The first value of each header (as Starlette's ``Headers.get`` reads it), names lower-cased."""
    found: dict[bytes, bytes] = {}
    for name, value in scope["headers"]:
        found.setdefault(name.lower(), value)
    return found


async def guarded(state: Any, scope: Scope, headers: dict[bytes, bytes], receive: Receive,
                  send: Send) -> tuple[Receive, Principal] | None:
    """For a request that sends a body (`BODY_METHODS`; ``headers`` are its `headers_of`): the
    caller, and ``receive`` bounded to the body limit; None when the request was answered (401,
    403, 413) without reading its body. ``state`` is the app's (its keys and settings)."""
    client = scope.get("client")
    api_key = headers.get(b"x-api-key")
    try:
        principal = authorize(state.api_keys, client[0] if client else None,
                              None if api_key is None else api_key.decode("latin-1"), ())
        limit = body_limit(state.settings)
        length = headers.get(b"content-length", b"").strip()
        if length.isdigit() and int(length) > limit:
            raise BodyTooLarge(limit)
    except HTTPException as refused:
        await answer(send, refused)
        return None
    return _bounded(receive, limit), principal


def _bounded(receive: Receive, limit: int) -> Receive:
    read = 0

    async def bounded() -> Message:
        nonlocal read
        message = await receive()
        if message["type"] == "http.request":
            read += len(message.get("body", b""))
            if read > limit:
                raise BodyTooLarge(limit)
        return message

    return bounded


async def answer(send: Send, refused: HTTPException) -> None:
    """The error as the framework answers an HTTPException: ``{"detail": ...}`` and its headers."""
    body = json.dumps({"detail": refused.detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (refused.headers or {}).items()]
    if refused.status_code == 413:
        headers.append((b"connection", b"close"))  # the rest of the body is never read
    await send({"type": "http.response.start", "status": refused.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": body})
