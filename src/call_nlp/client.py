"""A Python client for the triage API, for a CAD integration: typed results, timeouts, retries on 503.

    from call_nlp.client import Client

    with Client("http://triage.psap.example:8000", api_key="...") as api:
        suggestion = api.triage("RP STATES SON HEARING VOICES, NO WEAPONS", call_id="26-000123")
        if suggestion.violence_risk.label == "imminent": ...
        api.review(suggestion.suggestion_id, "accepted")

Light on purpose: it needs only httpx and the standard library (no model, no spaCy), so a CAD
adapter can install the package and import it without loading anything else. Every call has a
timeout (`timeout`, seconds). A 503 (the model not loaded yet, the record store briefly away: the
service wrote nothing) is retried `retries` times with a growing pause (honouring ``Retry-After``);
so is a connection that could not be opened. Nothing else is retried: a triage that timed out
may have been recorded. Errors are `ApiError`s that carry the status and the service's ``detail``.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx


class ApiError(RuntimeError):
    """The service refused or failed a request: ``status`` (0 when it could not be reached) and ``detail``."""

    def __init__(self, status: int, detail: Any) -> None:
        self.status, self.detail = status, detail
        super().__init__(f"HTTP {status}: {detail}" if status else str(detail))


class Unavailable(ApiError):
    """503 on every attempt, or the service could not be reached."""


class Invalid(ApiError):
    """422: ``problems`` names each field that is wrong (``loc``, ``msg``)."""

    @property
    def problems(self) -> list[dict[str, Any]]:
        return list(self.detail) if isinstance(self.detail, list) else []


class Refused(ApiError):
    """401 or 403: a missing or unknown key, or a role that may not make this call."""


@dataclass(frozen=True)
class Head:
    """One head's answer: the label suggested, its confidence, every class's probability."""

    label: str
    confidence: float
    probabilities: Mapping[str, float]
    overridden: bool

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Head:
        return cls(data["label"], float(data["confidence"]), dict(data["probabilities"]), bool(data["overridden"]))


@dataclass(frozen=True)
class Cue:
    """A cue the language layer found, with its status (affirmed, negated, uncertain, historical)."""

    kind: str
    concept: str
    status: str
    start: int
    end: int
    spans: tuple[tuple[int, int], ...]
    label: str
    text: str | None = None  # absent from a stored record

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Cue:
        return cls(data["kind"], data["concept"], data["status"], int(data["start"]), int(data["end"]),
                   tuple((int(s["start"]), int(s["end"])) for s in data["spans"]), data["label"], data.get("text"))


@dataclass(frozen=True)
class ModelInfo:
    """Which model and policy made a suggestion."""

    version: str
    run_id: str | None
    sha256: str
    policy_version: str
    policy_digest: str
    lexicon_version: str
    lexicon_digest: str

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> ModelInfo:
        return cls(data["version"], data.get("run_id"), data["sha256"], data["policy_version"], data["policy_digest"],
                   data.get("lexicon_version", ""), data.get("lexicon_digest", ""))


@dataclass(frozen=True)
class Suggestion:
    """A suggestion for a person to accept or override (POST /v1/triage)."""

    suggestion_id: str
    call_id: str | None
    response_model: str
    needs_review: bool
    crisis_type: Head
    violence_risk: Head
    cues: tuple[Cue, ...]
    reasons: tuple[str, ...]
    rule: str
    medical_needs: tuple[str, ...]
    model: ModelInfo
    record: str
    recorded: bool

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Suggestion:
        return cls(data["suggestion_id"], data.get("call_id"), data["response_model"], bool(data["needs_review"]),
                   Head.of(data["crisis_type"]), Head.of(data["violence_risk"]), tuple(map(Cue.of, data["cues"])),
                   tuple(data["reasons"]), data["rule"], tuple(data["medical_needs"]), ModelInfo.of(data["model"]),
                   data["record"], bool(data["recorded"]))


@dataclass(frozen=True)
class EidoSuggestion:
    """POST /v1/triage/eido: the suggestion, the incident type echoed, and the EIDO fragment to merge."""

    suggestion: Suggestion
    notes_read: int
    incident_type: Mapping[str, Any] | None
    eido: Mapping[str, Any]

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> EidoSuggestion:
        return cls(Suggestion.of(data["suggestion"]), int(data["notes_read"]), data.get("incident_type"), data["eido"])


@dataclass(frozen=True)
class Review:
    """A person's decision on a suggestion."""

    suggestion_id: str
    reviewed_at: datetime
    decision: str
    response_model: str
    crisis_type: str | None
    violence_risk: str | None
    reason: str | None
    reviewer: str
    reviewer_verified: bool

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Review:
        return cls(data["suggestion_id"], datetime.fromisoformat(data["reviewed_at"]), data["decision"],
                   data["response_model"], data.get("crisis_type"), data.get("violence_risk"), data.get("reason"),
                   data["reviewer"], bool(data["reviewer_verified"]))


@dataclass(frozen=True)
class Record:
    """A stored suggestion with its review (GET /v1/suggestions/{id}, auditor or labeler)."""

    suggestion_id: str
    created_at: datetime
    call_id: str | None
    district: str | None
    incident_type: str | None
    model: ModelInfo
    text_hmac: str
    text_chars: int
    text_stored: str
    text: str | None
    response_model: str
    needs_review: bool
    rule: str
    crisis_type: Head
    violence_risk: Head
    cues: tuple[Cue, ...]
    reasons: tuple[str, ...]
    medical_needs: tuple[str, ...]
    margin: float | None
    review: Review | None

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Record:
        return cls(data["suggestion_id"], datetime.fromisoformat(data["created_at"]), data.get("call_id"),
                   data.get("district"), data.get("incident_type"), ModelInfo.of(data["model"]), data["text_hmac"],
                   int(data["text_chars"]), data["text_stored"], data.get("text"), data["response_model"],
                   bool(data["needs_review"]), data["rule"], Head.of(data["crisis_type"]), Head.of(data["violence_risk"]),
                   tuple(map(Cue.of, data["cues"])), tuple(data["reasons"]), tuple(data["medical_needs"]),
                   data.get("margin"), Review.of(data["review"]) if data.get("review") else None)


class Client:
    """The triage API over HTTP. Use it as a context manager, or call `close`."""

    def __init__(self, base_url: str, api_key: str | None = None, *, timeout: float = 5.0, retries: int = 3,
                 backoff: float = 0.25, transport: httpx.BaseTransport | None = None) -> None:
        headers = {"X-API-Key": api_key} if api_key else {}
        self._http = httpx.Client(base_url=base_url, headers=headers, timeout=timeout, transport=transport)
        self.retries, self.backoff = retries, backoff

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def triage(self, text: str, call_id: str | None = None, district: str | None = None) -> Suggestion:
        return Suggestion.of(self._call("POST", "/v1/triage", _note(text, call_id, district)))

    def triage_batch(self, notes: Sequence[str | Mapping[str, Any]]) -> list[Suggestion]:
        """Several notes (texts, or ``{"text", "call_id"?, "district"?}``), answered in order."""
        body = {"notes": [{"text": n} if isinstance(n, str) else dict(n) for n in notes]}
        return [Suggestion.of(r) for r in self._call("POST", "/v1/triage/batch", body)["results"]]

    def triage_eido(self, document: Mapping[str, Any]) -> EidoSuggestion:
        return EidoSuggestion.of(self._call("POST", "/v1/triage/eido", dict(document)))

    def review(self, suggestion_id: str, decision: str, *, response_model: str | None = None,
               crisis_type: str | None = None, violence_risk: str | None = None, reason: str | None = None,
               reviewer: str | None = None) -> Review:
        """Accept (``"accepted"``) or override (``"overridden"``, with the response model chosen) a suggestion."""
        body = {k: v for k, v in {"decision": decision, "response_model": response_model, "crisis_type": crisis_type,
                                  "violence_risk": violence_risk, "reason": reason, "reviewer": reviewer}.items()
                if v is not None}
        return Review.of(self._call("POST", f"/v1/suggestions/{_segment(suggestion_id)}/review", body))

    def record(self, suggestion_id: str) -> Record:
        return Record.of(self._call("GET", f"/v1/suggestions/{_segment(suggestion_id)}"))

    def call(self, call_id: str) -> list[Record]:
        """Every suggestion of a call, oldest first, with their reviews (auditor)."""
        return [Record.of(r) for r in self._call("GET", f"/v1/calls/{_segment(call_id)}")["suggestions"]]

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        for attempt in range(self.retries + 1):
            try:
                response = self._http.request(method, path, json=body)
            except httpx.ConnectError as exc:  # never reached the service: safe to try again
                if attempt == self.retries:
                    raise Unavailable(0, f"could not reach {self._http.base_url}: {exc}") from None
                time.sleep(self._pause(attempt, None))
                continue
            if response.status_code == 503 and attempt < self.retries:
                time.sleep(self._pause(attempt, response.headers.get("retry-after")))
                continue
            return _result(response)
        raise AssertionError("unreachable")  # pragma: no cover - the last attempt returns or raises

    def _pause(self, attempt: int, retry_after: str | None) -> float:
        if retry_after is not None and retry_after.strip().isdigit():
            return min(float(retry_after), 30.0)
        return float(self.backoff * 2 ** attempt)


def _note(text: str, call_id: str | None, district: str | None) -> dict[str, Any]:
    return {k: v for k, v in {"text": text, "call_id": call_id, "district": district}.items() if v is not None}


def _segment(value: str) -> str:
    """A path segment, escaped (an id never changes the path)."""
    from urllib.parse import quote

    return quote(value, safe="")


def _result(response: httpx.Response) -> Any:
    try:
        body = response.json()
    except ValueError:
        body = {"detail": response.text}
    if response.is_success:
        return body
    detail = body.get("detail", body) if isinstance(body, dict) else body
    status = response.status_code
    kind = {401: Refused, 403: Refused, 422: Invalid, 503: Unavailable}.get(status, ApiError)
    raise kind(status, detail)
