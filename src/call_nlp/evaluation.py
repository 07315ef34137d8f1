"""Metrics shared by `make train` (held-out split) and `call-nlp evaluate` (any labeled file)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, classification_report, confusion_matrix, f1_score, recall_score

from call_nlp.labels import HEADS, LABELS, NOT_BEHAVIORAL, UNARMED_RESPONSES
from call_nlp.triage import Suggestion


def predictions_frame(suggestions: Sequence[Suggestion]) -> pd.DataFrame:
    """One row per suggestion: the labels and confidences the product showed."""
    return pd.DataFrame(
        {
            "crisis_type": [s.crisis_type.label for s in suggestions],
            "crisis_type_confidence": [s.crisis_type.confidence for s in suggestions],
            "violence_risk": [s.violence_risk.label for s in suggestions],
            "violence_risk_confidence": [s.violence_risk.confidence for s in suggestions],
            "response_model": [s.response_model for s in suggestions],
            "needs_review": [s.needs_review for s in suggestions],
        }
    )


def has_label(values: pd.Series) -> np.ndarray:
    """Which of a label column's values are labels (training data may leave one blank)."""
    return (values.fillna("").astype(str) != "").to_numpy()


def labeled(gold: pd.DataFrame, head: str) -> np.ndarray:
    """Which rows of ``gold`` have a label for ``head`` (none when it has no such column)."""
    if head not in gold.columns:
        return np.zeros(len(gold), dtype=bool)
    return has_label(gold[head])


def compute_metrics(gold: pd.DataFrame, predicted: pd.DataFrame) -> dict[str, Any]:
    """Per-head accuracy, macro-F1 and per-class scores; response-model accuracy when the gold
    data has it; imminent recall and the unsafe-suggestion counts of TAXONOMY section 3.

    Each figure counts the rows labeled for what it measures (a blank label is not scored);
    ``<head>.n`` says how many those are when some row is blank."""
    metrics: dict[str, Any] = {"n": len(gold)}
    for head in [*HEADS, "response_model"]:
        mask = labeled(gold, head)
        if not mask.any():
            continue
        if not mask.all():
            metrics[f"{head}.n"] = int(mask.sum())
        y_true, y_pred = gold[head].to_numpy()[mask], predicted[head].to_numpy()[mask]
        labels = list(LABELS[head])
        metrics[f"{head}.accuracy"] = float(accuracy_score(y_true, y_pred))
        metrics[f"{head}.macro_f1"] = float(
            f1_score(y_true, y_pred, labels=[lb for lb in labels if lb in set(y_true)], average="macro", zero_division=0)
        )
        per_class = f1_score(y_true, y_pred, labels=labels, average=None, zero_division=0)
        recalls = recall_score(y_true, y_pred, labels=labels, average=None, zero_division=0)
        for label, f1, rec in zip(labels, per_class, recalls, strict=True):
            if label in set(y_true):
                metrics[f"{head}.{label}.f1"] = float(f1)
                metrics[f"{head}.{label}.recall"] = float(rec)
    gold_risk = np.where(labeled(gold, "violence_risk"), gold["violence_risk"].to_numpy(dtype=object), "")
    unarmed = predicted["response_model"].isin(UNARMED_RESPONSES).to_numpy()
    imminent = gold_risk == "imminent"
    metrics["imminent_recall"] = float((predicted["violence_risk"].to_numpy()[imminent] == "imminent").mean()) if imminent.any() else float("nan")
    metrics["unsafe_suggestions"] = int((imminent & unarmed).sum())
    metrics["unsafe_suggestions_elevated"] = int(((gold_risk == "elevated") & unarmed).sum())
    metrics["needs_review_rate"] = float(predicted["needs_review"].mean())
    metrics.update(traffic_metrics(gold, predicted))
    return metrics


def traffic_metrics(gold: pd.DataFrame, predicted: pd.DataFrame) -> dict[str, float | int]:
    """What real dispatch traffic needs: quiet on ordinary calls, sure where it speaks.

    ``ordinary.false_alarm_rate``: share of not_behavioral notes given a behavioral crisis
    type; ``behavioral.recall``: share of behavioral notes given one (any behavioral type);
    ``unflagged.response_model.accuracy``: response accuracy on the notes not flagged
    ``needs_review`` (what a call-taker may accept at a glance). Rates are NaN with no notes.
    """
    crisis = labeled(gold, "crisis_type")
    ordinary = crisis & (gold["crisis_type"] == NOT_BEHAVIORAL).to_numpy()
    behavioral = crisis & ~ordinary
    flagged = (predicted["crisis_type"] != NOT_BEHAVIORAL).to_numpy()
    unflagged = ~predicted["needs_review"].to_numpy(dtype=bool)
    out: dict[str, float | int] = {
        "ordinary.n": int(ordinary.sum()),
        "ordinary.false_alarm_rate": _rate(flagged[ordinary]),
        "behavioral.n": int(behavioral.sum()),
        "behavioral.recall": _rate(flagged[behavioral]),
        "unflagged.n": int(unflagged.sum()),
    }
    response = labeled(gold, "response_model")
    if response.any():
        right = (gold["response_model"].to_numpy() == predicted["response_model"].to_numpy())
        out["unflagged.response_model.accuracy"] = _rate(right[unflagged & response])
    return out


def _rate(values: np.ndarray) -> float:
    return float(values.mean()) if len(values) else float("nan")


def confusion(gold: pd.Series, predicted: pd.Series, head: str) -> pd.DataFrame:
    """The confusion matrix of the rows labeled for ``head``."""
    labels = list(LABELS[head])
    mask = has_label(gold)
    matrix = confusion_matrix(gold.to_numpy()[mask], predicted.to_numpy()[mask], labels=labels)
    return pd.DataFrame(matrix, index=pd.Index(labels, name="true"), columns=pd.Index(labels, name="predicted"))


def report_text(gold: pd.DataFrame, predicted: pd.DataFrame) -> str:
    """The classification report of every head present in ``gold``, as plain text."""
    parts = []
    for head in [*HEADS, "response_model"]:
        mask = labeled(gold, head)
        if mask.any():
            y_true, y_pred = gold[head].to_numpy()[mask], predicted[head].to_numpy()[mask]
            labels = [lb for lb in LABELS[head] if lb in set(y_true) | set(y_pred)]
            parts.append(f"== {head} ==\n" + classification_report(y_true, y_pred, labels=labels, zero_division=0))
    return "\n".join(parts)


def format_summary(metrics: dict[str, Any]) -> str:
    """The figures an operator reads first, one per line."""
    lines = [f"notes: {metrics['n']}"]
    for head in [*HEADS, "response_model"]:
        if f"{head}.accuracy" in metrics:
            lines.append(
                f"{head:<15} accuracy {metrics[f'{head}.accuracy']:.3f}   macro-F1 {metrics[f'{head}.macro_f1']:.3f}"
            )
    if "response_model.accuracy" not in metrics:
        lines.append("response_model  (no gold response_model column: accuracy not computed)")
    recall = metrics["imminent_recall"]
    lines.append(f"imminent recall {'n/a' if np.isnan(recall) else f'{recall:.3f}'}")
    lines.append(f"unsafe suggestions (imminent -> ems_clinician/peer_response): {metrics['unsafe_suggestions']}")
    lines.append(f"unsafe suggestions on elevated notes: {metrics['unsafe_suggestions_elevated']}")
    lines.append(f"needs_review rate {metrics['needs_review_rate']:.3f}")
    lines.append(f"ordinary calls flagged behavioral {_fmt(metrics['ordinary.false_alarm_rate'])}"
                 f" (of {metrics['ordinary.n']})")
    lines.append(f"behavioral recall {_fmt(metrics['behavioral.recall'])} (of {metrics['behavioral.n']})")
    if "unflagged.response_model.accuracy" in metrics:
        lines.append(f"response accuracy on notes not flagged for review "
                     f"{_fmt(metrics['unflagged.response_model.accuracy'])} (of {metrics['unflagged.n']})")
    return "\n".join(lines)


def _fmt(value: float) -> str:
    return "n/a" if np.isnan(value) else f"{value:.3f}"
