"""Calibration of each head on held-out notes: expected calibration error and a reliability diagram.

Measured on the classifier's own probabilities (top-label calibration: the winning
probability against whether the winner is right), not on labels a safety rule raised.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from call_nlp.triage import Suggestion


def top_label(suggestions: Sequence[Suggestion], head: str) -> tuple[np.ndarray, np.ndarray]:
    """The classifier's top label and its probability per note (before any safety override)."""
    labels, confidences = [], []
    for s in suggestions:
        probabilities = s.head(head).probabilities
        winner = max(probabilities, key=probabilities.__getitem__)
        labels.append(winner)
        confidences.append(probabilities[winner])
    return np.asarray(labels), np.asarray(confidences, dtype=float)


def reliability_table(confidence: np.ndarray, correct: np.ndarray, bins: int) -> pd.DataFrame:
    """Equal-width confidence bins: notes, mean confidence and accuracy in each."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1], right=True), 0, bins - 1)
    rows = []
    for b in range(bins):
        mask = which == b
        n = int(mask.sum())
        rows.append({"bin_low": edges[b], "bin_high": edges[b + 1], "n": n,
                     "confidence": float(confidence[mask].mean()) if n else float("nan"),
                     "accuracy": float(correct[mask].mean()) if n else float("nan")})
    return pd.DataFrame(rows)


def expected_calibration_error(table: pd.DataFrame) -> float:
    """Σ over bins of (share of notes) × |accuracy − confidence|."""
    filled = table[table["n"] > 0]
    total = filled["n"].sum()
    if not total:
        return float("nan")
    return float(((filled["n"] / total) * (filled["accuracy"] - filled["confidence"]).abs()).sum())


def calibration(gold: pd.Series, suggestions: Sequence[Suggestion], head: str, bins: int) -> tuple[float, pd.DataFrame]:
    predicted, confidence = top_label(suggestions, head)
    table = reliability_table(confidence, predicted == gold.to_numpy(), bins)
    return expected_calibration_error(table), table


def reliability_figure(table: pd.DataFrame, head: str, ece: float) -> Any:
    """A matplotlib figure: accuracy against confidence per bin, the diagonal, and note counts."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax, ax_n) = plt.subplots(2, 1, figsize=(6, 7), height_ratios=[3, 1], sharex=True)
    centers = (table["bin_low"] + table["bin_high"]) / 2
    width = float(table["bin_high"].iloc[0] - table["bin_low"].iloc[0])
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfect calibration")
    ax.bar(centers, table["accuracy"].fillna(0), width=width * 0.9, alpha=0.7, label="accuracy")
    ax.plot(table["confidence"], table["accuracy"], marker="o", color="black", label="mean confidence → accuracy")
    ax.set_ylabel("accuracy")
    ax.set_ylim(0, 1)
    ax.set_title(f"{head}: reliability on held-out notes (ECE {ece:.3f})")
    ax.legend(loc="upper left")
    ax_n.bar(centers, table["n"], width=width * 0.9)
    ax_n.set_xlabel("classifier top-label probability")
    ax_n.set_ylabel("notes")
    ax_n.set_xlim(0, 1)
    fig.tight_layout()
    return fig
