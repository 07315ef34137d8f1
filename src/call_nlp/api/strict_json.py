"""A JSON body that gives a key twice is refused (422), not read last-wins.

``{"text": "HAS A KNIFE", "text": "FIRE ALARM"}`` was read as the fire alarm, without a word:
a client that builds its body by appending keys could hide a weapon that way. The fast path
(`fast_triage`) parses with `no_duplicates` and hands such a body to the framework, whose
routes (`StrictJsonRoute`) answer it with the one problem format.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute

from call_nlp.api.body_guard import BODY_METHODS


class DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(f"duplicate key {key!r}")
        self.key = key


def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``object_pairs_hook`` for `json.loads`: the object, or `DuplicateKey`."""
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise DuplicateKey(key)
        found[key] = value
    return found


def duplicated_key(body: bytes) -> str | None:
    """The first key the body gives twice in one object; None when there is none (or the body is
    not JSON at all, which the framework reports itself)."""
    try:
        json.loads(body, object_pairs_hook=no_duplicates)
    except DuplicateKey as exc:
        return exc.key
    except ValueError:
        return None
    return None


class StrictJsonRoute(APIRoute):
    """A route whose JSON body may not give a key twice (422, type ``duplicate_key``)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict(request: Request) -> Response:
            if request.method in BODY_METHODS:
                key = duplicated_key(await request.body())  # kept by the request: read once
                if key is not None:
                    raise RequestValidationError([{
                        "type": "duplicate_key", "loc": ("body",),
                        "msg": f"body: the key {key!r} is given more than once in one object; send each key once",
                    }])
            return await handler(request)

        return strict
