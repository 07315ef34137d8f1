"""Held-out notes a head got wrong, redacted, for auditors to read in the run.

Note text is sensitive: these are logged by default only for the synthetic demo corpus
(every source file inside ``data.demo_dir``); agency data needs
``audit.misclassified_for_agency_data: true``. Text always passes through `redact`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from call_nlp.data import SourceInfo
from call_nlp.evaluation import has_label
from call_nlp.redact import redact


def is_demo_data(sources: Sequence[SourceInfo], demo_dir: Path) -> bool:
    """Whether every source file lies in the configured demo folder (the synthetic corpus)."""
    root = Path(demo_dir).resolve()
    return bool(sources) and all(Path(s.path).resolve().is_relative_to(root) for s in sources)


def misclassified(gold: pd.DataFrame, predicted: pd.DataFrame, head: str, limit: int) -> pd.DataFrame:
    """Up to ``limit`` wrong notes of ``head``, most confident mistakes first, text redacted."""
    gold = gold.reset_index(drop=True)
    predicted = predicted.reset_index(drop=True)
    wrong = (gold[head] != predicted[head]).to_numpy() & has_label(gold[head])  # a blank label is not scored
    confidence = predicted.get(f"{head}_confidence")
    frame = pd.DataFrame({
        "id": gold["id"],
        "gold": gold[head],
        "predicted": predicted[head],
        "confidence": confidence if confidence is not None else float("nan"),
        "response_model": predicted["response_model"],
        "text": gold["text"],
    })[wrong]
    frame = frame.sort_values(["confidence", "id"], ascending=[False, True], kind="stable").head(limit)
    frame["text"] = frame["text"].map(redact)
    return frame.reset_index(drop=True)
