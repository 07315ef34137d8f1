"""How an auditor finds a training run at a glance in the MLflow UI.

- The run is named from its data files and, once the gate has decided, its outcome
  (``export+notes: promoted v3``), not MLflow's random ``agreeable-shad-273``.
- Its description (the UI's *Description* box) gives the gate's decision and reason, the
  files with their rows by kind, and the headline figures.
- The safety and headline figures are also logged under names that sort first
  (``0_safety.*``, ``1_headline.*``), ahead of the hundreds of per-class and per-slice ones.
- The registered model and each of its versions carry a description.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from call_nlp.config import MlflowConfig
from call_nlp.data import Dataset
from call_nlp.labels import HEADS
from call_nlp.model_card import fmt

#: Sorted-first name -> the held-out metric it repeats.
HEADLINE_METRICS = {
    "0_safety.unsafe_suggestions": "unsafe_suggestions",
    "0_safety.unsafe_suggestions_elevated": "unsafe_suggestions_elevated",
    "0_safety.imminent_recall": "imminent_recall",
    "1_headline.response_model.accuracy": "response_model.accuracy",
    "1_headline.crisis_type.macro_f1": "crisis_type.macro_f1",
    "1_headline.violence_risk.macro_f1": "violence_risk.macro_f1",
    "1_headline.ordinary.false_alarm_rate": "ordinary.false_alarm_rate",
    "1_headline.behavioral.recall": "behavioral.recall",
    "1_headline.needs_review_rate": "needs_review_rate",
    "1_headline.weak.crisis_type.agreement": "weak.crisis_type.agreement",
}
#: Sorted-first name -> the gate figure (this model's, on the gate set) it repeats.
GATE_HEADLINE_METRICS = {
    "0_safety.gate.unsafe_suggestions": "unsafe_suggestions",
    "1_headline.gate.response_model.accuracy": "response_model.accuracy",
}
#: The registered model's description in the MLflow registry.
REGISTERED_MODEL_DESCRIPTION = (
    "call_nlp triage model: reads a 911 call-taker's note and suggests a crisis type, a violence risk and a "
    "response model (co_response, ems_clinician, peer_response, standard_dispatch) for a person to accept or "
    "override; it never dispatches. Alias `champion` serves, set only by the promotion gate; `challenger` "
    "marks a model the gate refused. Each version's description gives its data, gate decision and figures; "
    "its run holds the model card (model_card.md)."
)
MAX_NAME = 80


def run_name(dataset: Dataset) -> str:
    """The data files' stems joined by ``+`` (a base file in brackets), shortened to fit."""
    stems = [Path(s.path).stem if tuple(s.heads) == HEADS else f"[{Path(s.path).stem}]" for s in dataset.sources]
    name = "+".join(stems)
    return name if len(name) <= MAX_NAME else name[:MAX_NAME - 1] + "…"


def final_name(dataset: Dataset, outcome: str, version: str) -> str:
    return f"{run_name(dataset)}: {outcome} v{version}"


def headline_metrics(metrics: Mapping[str, Any], gate_figures: Mapping[str, Any] | None) -> dict[str, float]:
    """The safety and headline figures under their sorted-first names (those the run has)."""
    out = {name: float(metrics[key]) for name, key in HEADLINE_METRICS.items() if _number(metrics.get(key))}
    figures = gate_figures or {}
    out.update({name: float(figures[key]) for name, key in GATE_HEADLINE_METRICS.items() if _number(figures.get(key))})
    return out


def description(*, outcome: str, reason: str, version: str, gate_set: str, dataset: Dataset,
                metrics: Mapping[str, Any]) -> str:
    """The run's (and its registered version's) description, in Markdown."""
    lines = [f"**Gate: {outcome}** (version {version}) on {gate_set}: {reason}", "", "Data:"]
    for source in dataset.sources:
        kinds = source.kinds or {}
        only = "" if tuple(source.heads) == HEADS else f", lends only {', '.join(source.heads)}"
        lines.append(f"- `{source.path}`: {source.rows} rows ({kinds.get('labeled', source.rows)} labeled, "
                     f"{kinds.get('weak', 0)} weak, {kinds.get('superseded', 0)} superseded, "
                     f"{kinds.get('unexplained', 0)} unexplained, {kinds.get('skipped', 0)} skipped{only})")
    shown = [f"{key} {fmt(metrics[key])}" for key in HEADLINE_METRICS.values() if _number(metrics.get(key))]
    lines += ["", "Held-out: " + ", ".join(shown) if shown else "Held-out: no gold labels"]
    return "\n".join(lines)


def describe_registry(cfg: MlflowConfig, version: str, text: str) -> None:
    """Describe the registered model and this version of it."""
    import mlflow

    client = mlflow.MlflowClient()
    client.update_registered_model(cfg.registered_model, description=REGISTERED_MODEL_DESCRIPTION)
    client.update_model_version(cfg.registered_model, version, description=text)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
