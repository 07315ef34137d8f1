"""GET /metrics: what became of the suggestion records, and the service's state, for Prometheus.

Counts and states only (no note, no key, no path), so it needs no key, as /healthz and /readyz.
Each worker process answers with its own figures (label-free: a scrape reaches one worker; run
one worker per scrape target to see them all). The figures are read from the recorder and the
loaded model at scrape time (prometheus_client's custom-collector pattern), not kept twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, Request, Response

from call_nlp.api.deps import ModelState, Recording
from call_nlp.api.model_updates import ModelUpdates
from call_nlp.api.service_metrics import ServiceMetrics

router = APIRouter(tags=["health"])

@router.get(
    "/metrics",
    summary="Prometheus metrics: requests and their latency, suggestions by response model and needs_review, "
    "records stored, spooled and lost; spool, store, writer and model state",
    response_class=Response,
    responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}},
                     "description": "Prometheus text exposition format 0.0.4."}},
)
def metrics(request: Request) -> Response:
    from prometheus_client import CollectorRegistry, ProcessCollector, generate_latest
    from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4  # the format generate_latest writes

    registry = CollectorRegistry(auto_describe=False)
    registry.register(_ServiceCollector(request.app.state))  # type: ignore[arg-type]
    ProcessCollector(registry=registry)  # CPU, memory, open files of this worker
    counted = getattr(request.app.state, "metrics", None)
    body = generate_latest(registry) + (generate_latest(counted.registry) if isinstance(counted, ServiceMetrics) else b"")
    return Response(body, media_type=CONTENT_TYPE_PLAIN_0_0_4)


class _ServiceCollector:
    """The service's figures, read when scraped."""

    def __init__(self, state: Any) -> None:
        self.state = state

    def collect(self) -> Iterator[Any]:
        from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

        model = getattr(self.state, "model", None)
        yield GaugeMetricFamily("call_nlp_model_loaded", "1 when the model and policy are loaded (/readyz ready)",
                                value=float(isinstance(model, ModelState) and model.triager is not None))
        updates = getattr(self.state, "updates", None)
        if isinstance(updates, ModelUpdates):
            yield GaugeMetricFamily("call_nlp_model_newer_available",
                                    "1 while the model source names another model than the one served (a newer "
                                    "champion not yet swapped in, or one that failed to load)",
                                    value=float(updates.status().newer))
        recording = getattr(self.state, "recording", None)
        if not isinstance(recording, Recording):
            return
        status = recording.recorder.status()
        records = CounterMetricFamily(
            "call_nlp_records", "Suggestion records since this worker started, by what became of them: stored "
            "(committed), spooled (on this server's disk, replayed later), lost (neither could be written)",
            labels=["outcome"])
        for outcome, count in (("stored", status.stored_records), ("spooled", status.spooled_records),
                               ("lost", status.lost_records)):
            records.add_metric([outcome], count)
        yield records
        yield GaugeMetricFamily("call_nlp_record_store_degraded",
                                "1 while the record store cannot be written (records go to the spool)",
                                value=float(status.store != "ok"))
        yield GaugeMetricFamily("call_nlp_record_writer_process",
                                "1 when a writer process commits the records, 0 when the writer thread does",
                                value=float(status.writer == "process"))
        yield GaugeMetricFamily("call_nlp_spool_readable", "1 when the spool folder can be read",
                                value=float(status.spool_error is None))
        if status.spool_records is not None:
            yield GaugeMetricFamily("call_nlp_spool_records", "Records waiting in the spool for the store",
                                    value=status.spool_records)
        if status.rejected_records is not None:
            yield GaugeMetricFamily("call_nlp_rejected_records",
                                    "Spooled records the store refused as invalid (kept for a person to inspect)",
                                    value=status.rejected_records)
