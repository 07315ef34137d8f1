"""API keys with roles, sent in the ``X-API-Key`` header; the open loopback-only mode without keys.

Keys come from ``CALL_NLP_API_KEYS`` (``key:role`` or ``key:role:name``, comma-separated).
``call-taker`` keys triage and review; ``auditor`` keys read records; ``labeler`` keys work the
review queue: read its suggestions and review them; ``operator`` keys swap in a new model
(``POST /v1/model/reload``). A missing or unknown
key is a 401, a key of the wrong role a 403. Keys are compared with `hmac.compare_digest`
and never logged. Without keys the service is open, but only to loopback clients.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
from dataclasses import dataclass
from typing import Annotated, Literal, get_args

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import APIKeyHeader

log = logging.getLogger("call_nlp.api")

Role = Literal["call-taker", "auditor", "labeler", "operator"]
ROLES: tuple[str, ...] = get_args(Role)
MIN_KEY_CHARS = 16

_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="An API key from CALL_NLP_API_KEYS.")


@dataclass(frozen=True)
class ApiKey:
    key: str
    role: Role
    name: str | None = None

    def __repr__(self) -> str:  # never show the key itself
        return f"ApiKey(role={self.role!r}, name={self.name!r})"


@dataclass(frozen=True)
class Principal:
    """Who is calling: the role of their key (None in open mode) and the key's name, if it has one."""

    role: Role | None
    name: str | None = None


def parse_api_keys(raw: str) -> tuple[ApiKey, ...]:
    """``key:role[:name]`` entries; errors name the entry's position, never its key."""
    keys: list[ApiKey] = []
    for i, entry in enumerate((e.strip() for e in raw.split(",")), start=1):
        if not entry:
            continue
        parts = [p.strip() for p in entry.split(":")]
        if len(parts) not in (2, 3) or not all(parts):
            raise ValueError(f"CALL_NLP_API_KEYS entry {i}: expected key:role or key:role:name")
        if parts[1] not in ROLES:
            raise ValueError(f"CALL_NLP_API_KEYS entry {i}: unknown role {parts[1]!r}; use one of {list(ROLES)}")
        if len(parts[0]) < MIN_KEY_CHARS:
            raise ValueError(f"CALL_NLP_API_KEYS entry {i}: key shorter than {MIN_KEY_CHARS} characters")
        keys.append(ApiKey(parts[0], parts[1], parts[2] if len(parts) == 3 else None))  # type: ignore[arg-type]
    if len({k.key for k in keys}) != len(keys):
        raise ValueError("CALL_NLP_API_KEYS: the same key is listed twice")
    return tuple(keys)


def is_loopback(host: str | None) -> bool:
    """True for 127.0.0.0/8, ::1 and ``localhost``; None (a Unix socket) is local too."""
    if host is None or host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_open_mode(keys: tuple[ApiKey, ...], host: str) -> None:
    """Say at start how clients are authenticated; refuse to serve a non-loopback interface openly."""
    if keys:
        log.info("API keys configured: %s", ", ".join(f"{sum(k.role == r for k in keys)} {r}" for r in ROLES))
        return
    if not is_loopback(host):
        raise RuntimeError(
            f"CALL_NLP_API_KEYS is not set and CALL_NLP_HOST={host} is not loopback: "
            "refusing to serve without authentication beyond this machine"
        )
    log.warning("CALL_NLP_API_KEYS is not set: no authentication, requests from loopback clients only")


def _find(keys: tuple[ApiKey, ...], presented: str) -> ApiKey | None:
    found = None
    for candidate in keys:  # compare against every key, so timing says nothing about which matched
        if hmac.compare_digest(candidate.key.encode(), presented.encode()):
            found = candidate
    return found


def authorize(keys: tuple[ApiKey, ...], client_host: str | None, api_key: str | None,
              roles: tuple[Role, ...]) -> Principal:
    """Who the caller is, or the HTTPException (401/403) that says why they may not call: the key
    must have one of ``roles`` (any role when none is given); without keys, loopback clients only."""
    if not keys:
        if not is_loopback(client_host):
            raise HTTPException(
                status.HTTP_403_FORBIDDEN, detail="no API keys configured: only loopback clients are served"
            )
        return Principal(role=None)
    if not api_key:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, detail="missing X-API-Key header", headers={"WWW-Authenticate": "APIKey"}
        )
    found = _find(keys, api_key)
    if found is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, detail="unknown API key", headers={"WWW-Authenticate": "APIKey"}
        )
    principal = Principal(role=found.role, name=found.name)
    if not permits(principal, roles):
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=f"this endpoint needs the role {' or '.join(roles)}")
    return principal


def permits(principal: Principal, roles: tuple[Role, ...]) -> bool:
    """Whether an authorized caller may do what needs one of ``roles`` (any role when none is
    given; everything in the open loopback mode, where a caller has no role)."""
    return principal.role is None or not roles or principal.role in roles


def require(*roles: Role):  # noqa: ANN201 - a FastAPI dependency
    """Dependency: `authorize` for the request. Async: it does no I/O, so it runs on the event
    loop rather than in a worker thread."""

    async def dependency(request: Request, api_key: Annotated[str | None, Depends(_header)]) -> Principal:
        return authorize(request.app.state.api_keys, request.client.host if request.client else None, api_key, roles)

    return dependency


AnyRoleDep = Annotated[Principal, Depends(require())]
AuditorDep = Annotated[Principal, Depends(require("auditor"))]
#: Who may review a suggestion: the call-taker who handled it, or a labeler working the queue.
ReviewerDep = Annotated[Principal, Depends(require("call-taker", "labeler"))]
#: Who may read a suggestion or the review queue: auditors, and labelers (to label it).
ReaderDep = Annotated[Principal, Depends(require("auditor", "labeler"))]
#: Who may swap the served model: operators (auditors only read).
OperatorDep = Annotated[Principal, Depends(require("operator"))]
