"""What one worker counts as it serves, for ``GET /metrics``: every request's route, status and
time, and every suggestion's response model and ``needs_review``.

Per worker and since it started, as Prometheus counters are. Labels are bounded: a route is its
template (``/v1/suggestions/{suggestion_id}``, never an id), a path no route matches is
``unmatched``. Nothing about a note but the labels suggested for it.
"""

from __future__ import annotations

from typing import Any

from call_nlp.triage import Suggestion

#: Latency buckets (seconds): a note takes about a millisecond here, a full batch up to a second.
LATENCY_BUCKETS = (0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
UNMATCHED = "unmatched"


class ServiceMetrics:
    """The worker's request histogram and suggestion counter, in a registry of its own (one per app)."""

    def __init__(self) -> None:
        from prometheus_client import CollectorRegistry, Counter, Histogram

        self.registry = CollectorRegistry(auto_describe=True)
        self._latency = Histogram(
            "call_nlp_request_duration_seconds",
            "Requests answered by this worker and how long each took, by method, route (its template) and status; "
            "its _count is the number of requests",
            ["method", "route", "status"], buckets=LATENCY_BUCKETS, registry=self.registry)
        self._suggestions = Counter(
            "call_nlp_suggestions",
            "Suggestions made by this worker, by response model and needs_review (the needs_review rate is "
            "the share with needs_review=\"true\")",
            ["response_model", "needs_review"], registry=self.registry)
        # each label set's child, found once (prometheus_client's .labels takes a lock every call)
        self._requests: dict[tuple[str, str, int], Any] = {}
        self._made: dict[tuple[str, bool], Any] = {}

    def request(self, method: str, route: str, status: int, seconds: float) -> None:
        key = (method, route, status)
        child = self._requests.get(key)
        if child is None:
            child = self._requests[key] = self._latency.labels(method, route, str(status))
        child.observe(seconds)

    def suggestion(self, suggestion: Suggestion) -> None:
        key = (suggestion.response_model, suggestion.needs_review)
        child = self._made.get(key)
        if child is None:
            child = self._made[key] = self._suggestions.labels(key[0], "true" if key[1] else "false")
        child.inc()


def route_of(scope: dict[str, Any], fast_path: str) -> str:
    """The template of the route that answered (set by the router), the fast path's own path, or `UNMATCHED`."""
    route = getattr(scope.get("route"), "path", None)
    if route is not None:
        return str(route)
    return fast_path if scope.get("path") == fast_path else UNMATCHED
