"""`make train`: validate data → stratified split → fit → evaluate held-out → save → MLflow.

`main(config, data_paths) -> run_id` is a plain function so tests and notebooks call it
the same way the CLI does.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

import call_nlp
from call_nlp import tracking
from call_nlp.artifact import LoadedModel, package_versions, save_model
from call_nlp.config import TrainConfig
from call_nlp.data import Dataset, load_dataset
from call_nlp.evaluation import compute_metrics, confusion, predictions_frame, report_text
from call_nlp.labels import HEADS, LABELS
from call_nlp.language import load_lexicon
from call_nlp.model import build_pipeline
from call_nlp.policy import Policy
from call_nlp.triage import Triager

log = logging.getLogger(__name__)

DEFAULT_POLICY_PATH = Path("serve/policy.yaml")


def split(frame: pd.DataFrame, test_size: float, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Seeded split stratified on crisis type × violence risk (on crisis type alone when some
    combination is too rare to put in both sides)."""
    strata = frame["crisis_type"] + "|" + frame["violence_risk"]
    if strata.value_counts().min() < 2:
        strata = frame["crisis_type"] if frame["crisis_type"].value_counts().min() >= 2 else None
    train, test = train_test_split(frame, test_size=test_size, random_state=seed, stratify=strata)
    return train.reset_index(drop=True), test.reset_index(drop=True)


def _requirements() -> list[str]:
    versions = package_versions()
    return [f"{name}=={v}" for name, v in versions.items() if name not in ("call-nlp", "mlflow") and v != "not installed"]


def main(cfg: TrainConfig, data_paths: Sequence[Path] | None = None, policy_path: Path = DEFAULT_POLICY_PATH) -> str:
    """Train, evaluate and record one model; returns the MLflow run id."""
    import mlflow

    started = time.perf_counter()
    paths = list(data_paths or cfg.data.default_paths)
    log.info("[1/5] reading and validating %d data file(s)", len(paths))
    dataset: Dataset = load_dataset(paths)
    frame = dataset.frame
    log.info("      %d labeled notes, data digest %s", len(frame), dataset.digest[:12])
    train, test = split(frame, cfg.split.test_size, cfg.seed)
    log.info("[2/5] split: %d train / %d held-out (seed %d)", len(train), len(test), cfg.seed)
    policy = Policy.from_yaml(policy_path)
    lexicon = load_lexicon(cfg.language.lexicon_paths)

    tracking.setup(cfg.mlflow)
    with mlflow.start_run() as run:
        run_id = run.info.run_id
        mlflow.log_params(tracking.flatten("", cfg.model_dump(mode="json")))
        mlflow.set_tags({**tracking.git_state(), "data.digest": dataset.digest, "policy.version": policy.version,
                         "policy.digest": policy.digest, "lexicon.version": lexicon.version,
                         "lexicon.digest": lexicon.digest, "call_nlp.version": call_nlp.__version__})
        mlflow.log_dict(cfg.model_dump(mode="json"), "config/train_config.json")
        mlflow.log_artifact(str(policy_path), "config")
        mlflow.log_dict(lexicon.data, "config/lexicon.yaml")
        tracking.log_dataset(train, dataset, "training")
        tracking.log_dataset(test, dataset, "test")

        log.info("[3/5] fitting TF-IDF + calibrated logistic regression (%s)", ", ".join(HEADS))
        t0 = time.perf_counter()
        pipeline = build_pipeline(cfg.model, cfg.seed, lexicon)
        pipeline.fit(train[["text"]], train[list(HEADS)].to_numpy())
        fit_seconds = time.perf_counter() - t0
        log.info("      fitted in %.1f s", fit_seconds)

        log.info("[4/5] evaluating on the held-out split")
        manifest = {
            "version": "unregistered",
            "mlflow_run_id": run_id,
            "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "labels": {h: list(LABELS[h]) for h in HEADS},
            "thresholds": dict(cfg.thresholds),
            "data": {"digest": dataset.digest, "sources": [s.__dict__ for s in dataset.sources],
                     "train_rows": len(train), "test_rows": len(test)},
            "policy": {"version": policy.version, "digest": policy.digest},
            "lexicon": {"version": lexicon.version, "digest": lexicon.digest},
            "packages": package_versions(),
            "config": cfg.model_dump(mode="json"),
        }
        model_dir = Path(cfg.output.model_dir)
        triager = Triager(LoadedModel(pipeline, manifest, model_dir), policy)
        predicted = predictions_frame(triager.triage_many(test["text"].tolist()))
        metrics = compute_metrics(test, predicted)
        mlflow.log_metrics({k: v for k, v in metrics.items() if isinstance(v, int | float)})
        mlflow.log_metric("fit_seconds", fit_seconds)
        mlflow.log_text(report_text(test, predicted), "evaluation/classification_report.txt")
        for head in [h for h in (*HEADS, "response_model") if h in test.columns]:
            matrix = confusion(test[head], predicted[head], head)
            mlflow.log_text(matrix.to_csv(), f"evaluation/confusion_{head}.csv")
            tracking.log_confusion_png(matrix, head)

        log.info("[5/5] logging the model to MLflow and registering it")
        version = tracking.log_model(pipeline, cfg.mlflow, Path(call_nlp.__file__).parent, _requirements())
        manifest.update(version=version or "unregistered", metrics=metrics)
        written = save_model(pipeline, manifest, model_dir)
        mlflow.log_dict(written, "model_manifest.json")
        mlflow.log_metric("train_seconds", time.perf_counter() - started)
    log.info("done in %.0f s: model %s (version %s) in %s, MLflow run %s",
             time.perf_counter() - started, written["model_sha256"][:12], written["version"], model_dir, run_id)
    log.info("held-out metrics:\n%s", json.dumps({k: round(v, 4) if isinstance(v, float) else v
                                                 for k, v in metrics.items() if "." not in k or k.endswith(("accuracy", "macro_f1"))}, indent=1))
    return run_id
