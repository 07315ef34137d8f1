"""The rows that train each head of a training set, and how held-out rows are scored: weak
crisis types (from call types) weigh ``data.weak_weight`` in the fit and are scored apart, as
agreement, never as accuracy. What the manifest, the log and MLflow say about them."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from call_nlp.config import TrainConfig
from call_nlp.data import WEAK_COLUMN, Dataset
from call_nlp.evaluation import compute_metrics
from call_nlp.labels import HEADS
from call_nlp.manifest import HeadRows
from call_nlp.slices import slug

log = logging.getLogger("call_nlp.train")


def weights(frame: pd.DataFrame, weak_weight: float, agency_weight: float = 1.0,
            agency: Collection[str] = ()) -> np.ndarray:
    """Each training row's weight per head: ``agency_weight`` for a gold label from one of the
    ``agency`` files, ``weak_weight`` for a crisis type from a call type, else 1."""
    out = np.ones((len(frame), len(HEADS)))
    if agency_weight != 1.0 and agency:
        own = frame["source"].isin(list(agency)).to_numpy()
        for j, head in enumerate(HEADS):
            out[own & (frame[head] != "").to_numpy(), j] = agency_weight
    out[frame[WEAK_COLUMN].to_numpy(dtype=bool), HEADS.index("crisis_type")] = weak_weight
    return out


def agency_files(dataset: Dataset, demo_dir: Path, base_files: Sequence[Path]) -> set[str]:
    """The data files that are the agency's own: neither in the demo folder nor a base file."""
    demo = Path(demo_dir).resolve()
    base = {Path(p).resolve() for p in base_files}
    return {s.path for s in dataset.sources
            if demo not in Path(s.path).resolve().parents and Path(s.path).resolve() not in base}


def gold_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with weak crisis types blanked: what held-out metrics score against."""
    gold = frame.copy()
    gold.loc[gold[WEAK_COLUMN].to_numpy(dtype=bool), "crisis_type"] = ""
    return gold


def weak_agreement(test: pd.DataFrame, predicted: pd.DataFrame) -> dict[str, float | int]:
    """How often the suggested crisis type agrees with the held-out rows' call types (weak
    labels: a call type names what the caller first reported, not what the note says)."""
    weak = test[WEAK_COLUMN].to_numpy(dtype=bool)
    if not weak.any():
        return {}
    agree = test["crisis_type"].to_numpy()[weak] == predicted["crisis_type"].to_numpy()[weak]
    return {"weak.n": int(weak.sum()), "weak.crisis_type.agreement": float(agree.mean())}


def rows_per_head(train: pd.DataFrame) -> dict[str, HeadRows]:
    """The rows that train each head, as the manifest records them."""
    out: dict[str, HeadRows] = {}
    for head in HEADS:
        rows = train[train[head] != ""]
        weak = int(rows[WEAK_COLUMN].sum()) if head == "crisis_type" else 0
        ids = "\n".join(sorted(rows["id"].astype(str))).encode()
        out[head] = HeadRows(rows=len(rows), labeled=len(rows) - weak, weak=weak,
                             by_source={str(k): int(v) for k, v in rows["source"].value_counts(sort=False).items()},
                             ids_sha256=hashlib.sha256(ids).hexdigest())
    return out


def row_metrics(dataset: Dataset, head_rows: dict[str, HeadRows]) -> dict[str, float]:
    """MLflow metrics: each source's rows by kind, each head's training rows by kind."""
    out: dict[str, float] = {}
    for i, source in enumerate(dataset.sources):
        for kind, count in (source.kinds or {}).items():
            out[f"data.source.{i}.{kind}"] = float(count)
    for head, rows in head_rows.items():
        out.update({f"data.{head}.rows": float(rows.rows), f"data.{head}.weak": float(rows.weak)})
    return out


def log_sources(dataset: Dataset, cfg: TrainConfig) -> None:
    """What training logs about each data file's rows and the heads no file labels."""
    for source in dataset.sources:
        kinds = source.kinds or {}
        log.info("      %s: %d rows: %d labeled, %d weak (call type), %d superseded (labeled in another file), "
                 "%d unexplained (review labels that do not explain its response), %d skipped (no label)%s",
                 source.path, source.rows, kinds.get("labeled", 0), kinds.get("weak", 0), kinds.get("superseded", 0),
                 kinds.get("unexplained", 0), kinds.get("skipped", 0),
                 "" if tuple(source.heads) == HEADS else f"; trains only {', '.join(source.heads)}")
        counts = source.call_types
        if counts and counts["unmapped"]:
            log.warning("      %s: %d row(s) have call types that %s does not map (add them to it): %s", source.path,
                        counts["unmapped"], cfg.data.call_types,
                        ", ".join(f"{k} ({v})" for k, v in counts["unmapped_types"].items()))
    for head in dataset.base_heads:
        log.warning("      no data file gives labels for %s: that head is trained on data.base_paths (%s)", head,
                    ", ".join(str(p) for p in cfg.data.base_files))


#: What each source's held-out part is scored on (MLflow ``source.<name>.<figure>``, the model card).
SOURCE_FIGURES = ("n", "crisis_type.n", "crisis_type.accuracy", "crisis_type.macro_f1", "violence_risk.n",
                  "violence_risk.accuracy", "violence_risk.macro_f1", "response_model.accuracy", "imminent_recall",
                  "unsafe_suggestions", "ordinary.false_alarm_rate", "behavioral.recall", "weak.n",
                  "weak.crisis_type.agreement")


@dataclass(frozen=True)
class SourceReport:
    """Each data file's held-out part scored on its own; parts under ``min_size`` are named, not scored."""

    rows: list[dict[str, Any]]
    skipped: dict[str, int]
    min_size: int

    def metrics(self) -> dict[str, float]:
        return {f"source.{row['source']}.{k}": float(v) for row in self.rows for k, v in row.items()
                if k not in ("source", "path")}

    def table(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=["source", "path", *SOURCE_FIGURES])


def source_names(dataset: Dataset) -> dict[str, str]:
    """Each source's short name in metrics: its position and file stem (``0_export``)."""
    return {s.path: f"{i}_{slug(Path(s.path).stem)}" for i, s in enumerate(dataset.sources)}


def per_source(dataset: Dataset, test: pd.DataFrame, predicted: pd.DataFrame, min_size: int) -> SourceReport:
    """Each source's held-out rows scored on their own: gold labels as accuracy, weak ones as agreement."""
    gold = gold_labels(test).reset_index(drop=True)
    test, predicted = test.reset_index(drop=True), predicted.reset_index(drop=True)
    rows: list[dict[str, Any]] = []
    skipped: dict[str, int] = {}
    for path, name in source_names(dataset).items():
        index = np.flatnonzero(test["source"].to_numpy() == path)
        if len(index) < min_size:
            skipped[name] = len(index)
            continue
        figures = {**compute_metrics(gold.iloc[index], predicted.iloc[index]),
                   **weak_agreement(test.iloc[index], predicted.iloc[index])}
        rows.append({"source": name, "path": path, **{k: figures[k] for k in SOURCE_FIGURES if k in figures}})
    return SourceReport(rows, skipped, min_size)
