"""The held-out evaluation's MLflow artifacts beyond the headline metrics: calibration tables and
diagrams, slices, each source's own scores, and the misclassified notes (redacted)."""

from __future__ import annotations

import logging

import pandas as pd

from call_nlp.calibration import calibration, reliability_figure
from call_nlp.config import TrainConfig
from call_nlp.data import Dataset
from call_nlp.evaluation import labeled
from call_nlp.labels import HEADS
from call_nlp.misclassified import is_demo_data, misclassified
from call_nlp.slices import SliceReport, slice_metric_dict
from call_nlp.training_rows import SourceReport
from call_nlp.triage import Suggestion

log = logging.getLogger("call_nlp.train")


def log_calibration(test: pd.DataFrame, suggestions: list[Suggestion], bins: int) -> dict[str, float]:
    """Per head: ``calibration.<head>.ece``, the reliability table (CSV) and diagram (PNG)."""
    import matplotlib.pyplot as plt
    import mlflow

    ece: dict[str, float] = {}
    for head in HEADS:
        mask = labeled(test, head)
        if not mask.any():
            log.info("      no held-out row is labeled for %s: no calibration table", head)
            continue
        ece[head], table = calibration(test[head][mask], [s for s, m in zip(suggestions, mask, strict=True) if m],
                                       head, bins)
        mlflow.log_metric(f"calibration.{head}.ece", ece[head])
        mlflow.log_text(table.to_csv(index=False), f"calibration/reliability_{head}.csv")
        fig = reliability_figure(table, head, ece[head])
        mlflow.log_figure(fig, f"calibration/reliability_{head}.png")
        plt.close(fig)
    return ece


def log_slices(report: SliceReport) -> None:
    import mlflow

    mlflow.log_metrics(slice_metric_dict(report))
    mlflow.log_text(report.table().to_csv(index=False), "evaluation/slices.csv")
    mlflow.log_dict({"min_size": report.min_size, "skipped": report.skipped}, "evaluation/slices_skipped.json")
    if report.skipped:
        log.info("      %d slice(s) under %d notes skipped: %s", len(report.skipped), report.min_size,
                 ", ".join(f"{k} (n={v})" for k, v in report.skipped.items()))
    log.info("      %d slice(s) reported (district, demographic descriptors): evaluation/slices.csv", len(report.rows))


def log_per_source(report: SourceReport) -> None:
    import mlflow

    mlflow.log_metrics(report.metrics())
    mlflow.log_text(report.table().to_csv(index=False), "evaluation/sources.csv")
    mlflow.log_dict({"min_size": report.min_size, "skipped": report.skipped}, "evaluation/sources_skipped.json")
    if report.skipped:
        log.info("      held-out part of %d file(s) under %d notes, not scored on its own: %s", len(report.skipped),
                 report.min_size, ", ".join(f"{k} (n={v})" for k, v in report.skipped.items()))


def log_misclassified(test: pd.DataFrame, predicted: pd.DataFrame, dataset: Dataset, cfg: TrainConfig) -> None:
    """Redacted wrong notes per head: always for the demo corpus, for agency data only when configured."""
    import mlflow

    demo = is_demo_data(dataset.sources, cfg.data.demo_dir)
    if not (demo or cfg.audit.misclassified_for_agency_data):
        mlflow.set_tag("evaluation.misclassified", "off: agency data (audit.misclassified_for_agency_data is false)")
        log.info("      misclassified notes not logged: agency data (audit.misclassified_for_agency_data)")
        return
    for head in [h for h in (*HEADS, "response_model") if labeled(test, h).any()]:
        wrong = misclassified(test, predicted, head, cfg.audit.misclassified_per_head)
        mlflow.log_text(wrong.to_csv(index=False), f"evaluation/misclassified/{head}.csv")
    mlflow.set_tag("evaluation.misclassified", f"logged, redacted ({'demo corpus' if demo else 'agency data, enabled'})")
