"""MLflow logging for training runs: the embedded SQLite store by default, telemetry off.

mlflow is imported inside the functions so importing call_nlp stays light and never
touches a tracking store.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from call_nlp.config import MlflowConfig
from call_nlp.data import Dataset
from call_nlp.labels import HEADS

if TYPE_CHECKING:
    from call_nlp.prior import CallMix

log = logging.getLogger(__name__)

#: A synthetic note (written for this purpose, no real call) used as MLflow's input example.
INPUT_EXAMPLE_NOTE = "RP STATES ADULT SON TALKING TO HIMSELF, OFF MEDS X2 WKS. NEG WEAPONS. CONSCIOUS: YES"


def tracking_uri(cfg: MlflowConfig) -> str:
    return os.environ.get("MLFLOW_TRACKING_URI") or cfg.tracking_uri


def setup(cfg: MlflowConfig) -> str:
    """Point MLflow at the configured store and experiment; returns the experiment id."""
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    import mlflow

    uri = tracking_uri(cfg)
    mlflow.set_tracking_uri(uri)
    mlflow.set_registry_uri(uri)
    experiment = mlflow.get_experiment_by_name(cfg.experiment)
    if experiment is not None:
        experiment_id = experiment.experiment_id
    else:
        location = Path(cfg.artifact_root).resolve().as_uri() if uri.startswith("sqlite:") else None
        experiment_id = mlflow.create_experiment(cfg.experiment, artifact_location=location)
    mlflow.set_experiment(experiment_id=experiment_id)
    return experiment_id


def flatten(prefix: str, value: Any) -> dict[str, Any]:
    """Nested config → ``a.b.c`` keys, as MLflow params."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, inner in value.items():
            out.update(flatten(f"{prefix}.{key}" if prefix else str(key), inner))
        return out
    return {prefix: value}


def git_state() -> dict[str, str]:
    """The commit and dirty flag of the working tree, when it is a git checkout."""
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return {"git.commit": "unknown", "git.dirty": "unknown"}
    return {"git.commit": commit, "git.dirty": str(bool(dirty.strip())).lower()}


def label_counts(frame: pd.DataFrame) -> dict[str, dict[str, int]]:
    columns = [c for c in (*HEADS, "response_model") if c in frame.columns]
    return {c: {str(k): int(v) for k, v in frame[c].value_counts().sort_index().items()} for c in columns}


#: The longest value MLflow takes for a dataset input's tag.
INPUT_TAG_LIMIT = 500


def log_dataset(frame: pd.DataFrame, dataset: Dataset, context: str) -> None:
    """Record a split's digest, sources and label counts (never its text) as an MLflow input."""
    import mlflow

    meta = frame[[c for c in ("id", *HEADS, "response_model") if c in frame.columns]]
    with warnings.catch_warnings():  # a local path matches two equivalent source types; either is right
        warnings.simplefilter("ignore", UserWarning)
        ds = mlflow.data.from_pandas(
            meta, source=";".join(s.path for s in dataset.sources), name=f"{context}-split", targets="crisis_type"
        )
    sources = json.dumps([{"path": s.path, "sha256": s.sha256, "rows": s.rows} for s in dataset.sources])
    if len(sources) > INPUT_TAG_LIMIT:  # MLflow refuses longer input tags; every source is in data/sources.json
        sources = f"{len(dataset.sources)} files: see the run's data/sources.json"
    tags = {"sources": sources, "label_counts": json.dumps(label_counts(frame))}
    mlflow.log_input(ds, context=context, tags=tags)


def log_confusion_png(matrix: pd.DataFrame, head: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import mlflow
    from sklearn.metrics import ConfusionMatrixDisplay

    fig, ax = plt.subplots(figsize=(8, 7))
    ConfusionMatrixDisplay(matrix.to_numpy(), display_labels=list(matrix.columns)).plot(
        ax=ax, xticks_rotation=45, colorbar=False
    )
    ax.set_title(f"{head}: held-out confusion matrix")
    fig.tight_layout()
    mlflow.log_figure(fig, f"evaluation/confusion_{head}.png")
    plt.close(fig)


def log_text(text: str, artifact_file: str) -> None:
    import mlflow

    mlflow.log_text(text, artifact_file)


def log_sources(dataset: Dataset, context: str) -> dict[str, str]:
    """One MLflow input per source file (path, sha256, rows, label counts; never text), and the
    run tags that name them (``data.<context>.<i>.path`` / ``.sha256`` / ``.rows``)."""
    import mlflow

    tags: dict[str, str] = {f"data.{context}.files": str(len(dataset.sources))}
    for i, source in enumerate(dataset.sources):
        rows = dataset.frame[dataset.frame["source"] == source.path]
        meta = rows[[c for c in ("id", *HEADS, "response_model") if c in rows.columns]]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            ds = mlflow.data.from_pandas(meta, source=source.path, name=Path(source.path).name, targets="crisis_type")
        mlflow.log_input(ds, context=context, tags={"path": source.path, "sha256": source.sha256,
                                                    "rows": str(source.rows), "label_counts": json.dumps(label_counts(rows))})
        tags.update({f"data.{context}.{i}.path": source.path, f"data.{context}.{i}.sha256": source.sha256,
                     f"data.{context}.{i}.rows": str(source.rows)})
    return tags


def log_prior(mix: CallMix) -> None:
    """The call mix in force: params ``prior.<crisis type>``, tag ``prior.source`` and both
    priors (training and in force, with the estimate's file and EM run) as ``config/prior.json``."""
    import mlflow

    mlflow.log_params({f"prior.{label}": share for label, share in mix.target.shares.items()})
    mlflow.set_tag("prior.source", mix.target.source)
    mlflow.log_dict(mix.model_dump(mode="json"), "config/prior.json")


def mark_version(cfg: MlflowConfig, version: str, alias: str, tags: dict[str, str]) -> None:
    """Give a registered version its alias (champion or challenger) and tags (sha256, gate outcome)."""
    import mlflow

    client = mlflow.MlflowClient()
    for key, value in tags.items():
        client.set_model_version_tag(cfg.registered_model, version, key, value)
    client.set_registered_model_alias(cfg.registered_model, alias, version)


def current_champion(cfg: MlflowConfig) -> Any | None:
    """The registry entry the serving alias points at, or None when there is none yet."""
    import mlflow
    from mlflow.exceptions import MlflowException

    try:
        return mlflow.MlflowClient().get_model_version_by_alias(cfg.registered_model, cfg.alias)
    except MlflowException:
        return None
