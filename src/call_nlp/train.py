"""`make train`: prepare the data → fit → evaluate on the held-out split → promote (gate, register).

`main(config, data_paths) -> run_id` reads as MLflow's scikit-learn example does, one run with
its fit, its evaluation and its model; each step is a plain function that tests and notebooks
call the same way the CLI does:

- `training_inputs.prepare`: read and check the data, split it, choose the gate set;
- `fit`: the pipeline of both heads, and the call mix the model will serve with;
- `evaluate`: held-out metrics, calibration, slices and per-source scores, logged to the run;
- `promote`: the gate against the champion, the signed model directory, the registry and alias,
  and the run's name, description and model card.
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

import call_nlp
from call_nlp import gate, mlflow_model, model_card, prior, registry, run_summary, tracking
from call_nlp.artifact import MANIFEST_FILE, LoadedModel, ModelLoadError, package_versions, save_model, write_manifest
from call_nlp.config import TrainConfig
from call_nlp.data import Dataset
from call_nlp.evaluation import compute_metrics, confusion, labeled, predictions_frame, report_text
from call_nlp.evaluation_logging import log_calibration, log_misclassified, log_per_source, log_slices
from call_nlp.labels import HEADS, LABELS
from call_nlp.manifest import Manifest
from call_nlp.model import build_pipeline
from call_nlp.policy import Policy
from call_nlp.registry import SERVED_MODEL_ARTIFACT, SHA256_TAG
from call_nlp.signing import SIGNATURE_FILE, UnsignedModel
from call_nlp.slices import SliceReport, slice_report
from call_nlp.training_inputs import Inputs, log_inputs, prepare
from call_nlp.training_rows import SourceReport, agency_files, gold_labels, per_source, weak_agreement, weights
from call_nlp.triage import Triager

log = logging.getLogger(__name__)

@dataclass(frozen=True)
class Fitted:
    """The fitted pipeline of both heads, and the call mix it serves with."""

    pipeline: Any
    call_mix: prior.CallMix
    seconds: float


@dataclass(frozen=True)
class Evaluation:
    """The held-out figures, and the manifest the model directory will carry."""

    manifest: dict[str, Any]
    triager: Triager
    metrics: dict[str, Any]
    ece: dict[str, float]
    slices: SliceReport
    sources: SourceReport


@dataclass(frozen=True)
class Promotion:
    """What the gate decided and where the model went."""

    decision: gate.Decision
    figures: dict[str, dict[str, Any] | None]
    champion_version: str | None
    alias: str
    model_dir: Path
    written: dict[str, Any]


def main(cfg: TrainConfig, data_paths: Sequence[Path] | None = None, policy_path: Path | None = None) -> str:
    """Train, evaluate, gate and record one model; returns the MLflow run id. ``policy_path``
    overrides the configuration's ``policy``."""
    import mlflow

    started = time.perf_counter()
    inputs = prepare(cfg, data_paths, policy_path or cfg.policy)
    tracking.setup(cfg.mlflow)
    with mlflow.start_run(run_name=run_summary.run_name(inputs.dataset)) as run:
        log_inputs(inputs)
        fitted = fit(inputs)
        evaluation = evaluate(fitted, inputs, run.info.run_id)
        promotion = promote(fitted, evaluation, inputs, run.info.run_id)
        mlflow.log_metric("train_seconds", time.perf_counter() - started)
    log.info("done in %.0f s: model %s (version %s, alias %s) in %s, MLflow run %s", time.perf_counter() - started,
             promotion.written["model_sha256"][:12], promotion.written["version"], promotion.alias,
             promotion.model_dir, run.info.run_id)
    log.info("held-out metrics:\n%s", json.dumps({k: round(v, 4) if isinstance(v, float) else v
                                                 for k, v in evaluation.metrics.items()
                                                 if "." not in k or k.endswith(("accuracy", "macro_f1"))}, indent=1))
    return str(run.info.run_id)


def fit(inputs: Inputs) -> Fitted:
    """Fit both heads on the training part (weak rows weighed by ``data.weak_weight``), then
    resolve the call mix the crisis-type probabilities are adjusted to."""
    cfg, train = inputs.cfg, inputs.train
    log.info("[3/6] fitting TF-IDF + calibrated logistic regression (%s)", ", ".join(HEADS))
    t0 = time.perf_counter()
    pipeline = build_pipeline(cfg.model, cfg.seed, inputs.lexicon)
    agency = agency_files(inputs.dataset, cfg.data.demo_dir, cfg.data.base_files)
    weighed = weights(train, cfg.data.weak_weight, cfg.data.agency_label_weight, agency)
    if cfg.data.agency_label_weight != 1.0:
        log.info("      gold labels of the agency's own files (%s) weigh %g", ", ".join(sorted(agency)) or "none",
                 cfg.data.agency_label_weight)
    pipeline.fit(train[["text"]], train[list(HEADS)].to_numpy(), heads__sample_weight=weighed)
    seconds = time.perf_counter() - t0
    log.info("      fitted in %.1f s", seconds)
    gold = gold_labels(inputs.test)
    crisis_rows = train["crisis_type"] != ""
    mix = prior.resolve(cfg.prior, pipeline, prior.training_prior(train.loc[crisis_rows, "crisis_type"]),
                        inputs.agency_notes, gold[labeled(gold, "crisis_type")])
    tracking.log_prior(mix)
    log.info("      call mix (%s): behavioral %.1f%% in training, %.1f%% in force", mix.target.source,
             100 * mix.training.behavioral_share(), 100 * mix.target.behavioral_share())
    return Fitted(pipeline, mix, seconds)


def evaluate(fitted: Fitted, inputs: Inputs, run_id: str) -> Evaluation:
    """Score the held-out part as the model will serve (its call mix, thresholds and policy) and
    log metrics, reports, confusion matrices, calibration, slices and each source's scores."""
    import mlflow

    cfg, dataset, test = inputs.cfg, inputs.dataset, inputs.test
    log.info("[4/6] evaluating on the held-out split: metrics, calibration, slices")
    manifest = _manifest(fitted, inputs, run_id)
    triager = Triager(LoadedModel(fitted.pipeline, Manifest.model_validate(manifest), Path(cfg.output.model_dir)),
                      inputs.policy, use_estimator=True)
    suggestions = triager.triage_many(test["text"].tolist())
    predicted = predictions_frame(suggestions)
    gold = gold_labels(test)  # weak labels are not gold: scored apart, as agreement
    metrics = compute_metrics(gold, predicted)
    metrics.update(weak_agreement(test, predicted))
    mlflow.log_metrics({k: v for k, v in metrics.items() if isinstance(v, int | float)})
    mlflow.log_metric("fit_seconds", fitted.seconds)
    mlflow.log_text(report_text(gold, predicted), "evaluation/classification_report.txt")
    for head in [h for h in (*HEADS, "response_model") if labeled(gold, h).any()]:
        matrix = confusion(gold[head], predicted[head], head)
        mlflow.log_text(matrix.to_csv(), f"evaluation/confusion_{head}.csv")
        tracking.log_confusion_png(matrix, head)
    ece = log_calibration(gold, suggestions, cfg.audit.calibration_bins)
    slices = slice_report(gold, predicted, inputs.lexicon, cfg.audit.slice_min_size)
    log_slices(slices)
    sources = per_source(dataset, test, predicted, cfg.audit.slice_min_size)
    log_per_source(sources)
    log_misclassified(gold, predicted, dataset, cfg)
    return Evaluation(manifest, triager, metrics, ece, slices, sources)


def promote(fitted: Fitted, evaluation: Evaluation, inputs: Inputs, run_id: str) -> Promotion:
    """Gate the model against the champion, then register it, write and sign its directory
    (``output.model_dir`` when promoted: a running service swaps it in at its next poll), and give
    the run and the registered version their name, description and model card."""
    import mlflow

    cfg, dataset, policy = inputs.cfg, inputs.dataset, inputs.policy
    log.info("[5/6] promotion gate: scoring this model and the champion on %s", inputs.gate_name)
    decision, figures, champion_version = _gate(evaluation.triager, inputs.gate_set, cfg, policy, inputs.gate_name)
    mlflow.log_metrics({f"gate.{who}.{k}": float(v) for who, f in figures.items() if f for k, v in f.items()})
    mlflow.set_tags({"gate.decision": decision.outcome, "gate.reason": decision.reason,
                     "gate.champion_version": champion_version or "none",
                     "gate.set.sha256": inputs.gate_set.sources[0].sha256, "gate.set": inputs.gate_name})
    log_fn = log.info if decision.promoted else log.warning
    log_fn("      gate: %s: %s", decision.outcome, decision.reason)

    log.info("[6/6] logging the model to MLflow and registering it")
    alias = cfg.mlflow.alias if decision.promoted else cfg.mlflow.challenger_alias
    out_dir = Path(cfg.output.model_dir if decision.promoted else cfg.output.challenger_dir)
    metrics = evaluation.metrics
    manifest = {**evaluation.manifest, "version": "unregistered", "metrics": metrics, "alias": alias,
                "gate": {"decision": decision.outcome, "reason": decision.reason,
                         "champion_version": champion_version, "figures": figures}}
    with tempfile.TemporaryDirectory(prefix="call-nlp-model-") as tmp:
        staged = Path(tmp) / mlflow_model.MODEL_DIR_ARTIFACT  # the MLflow model's copy, made before its version
        written = save_model(fitted.pipeline, manifest, staged, inputs.signer, training_texts=inputs.train["text"].tolist())
        example = pd.DataFrame({"text": [tracking.INPUT_EXAMPLE_NOTE]})
        version = mlflow_model.log(
            model_dir=staged, policy_path=inputs.policy_path, example_input=example,
            example_output=mlflow_model.output_frame(evaluation.triager.triage_many(example["text"].tolist())),
            code_dir=Path(call_nlp.__file__).parent, requirements=_requirements(),
            registered_model=cfg.mlflow.registered_model)
        written = {**written, "version": version or "unregistered"}
        _install(staged, out_dir, written, inputs.signer)  # the local copy, with its registered version
    mlflow.set_tag("signing_key_sha256", written["signing_key_sha256"])
    mlflow.log_dict(written, "model_manifest.json")
    if version is not None:
        tracking.mark_version(cfg.mlflow, version, alias, {
            SHA256_TAG: written["model_sha256"], "gate.decision": decision.outcome, "gate.reason": decision.reason[:4000],
        })
    mlflow.set_tag("registry.alias", alias)
    summary = run_summary.description(outcome=decision.outcome, reason=decision.reason, version=str(written["version"]),
                                      gate_set=inputs.gate_name, dataset=dataset, metrics=metrics)
    mlflow.set_tags({"mlflow.runName": run_summary.final_name(dataset, decision.outcome, str(written["version"])),
                     "mlflow.note.content": summary})
    mlflow.log_metrics(run_summary.headline_metrics(metrics, figures["candidate"]))
    if version is not None:
        run_summary.describe_registry(cfg.mlflow, version, summary)
    mlflow.log_text(model_card.render(
        run_id=run_id, version=str(written["version"]), outcome=f"{decision.outcome} (alias {alias})",
        reason=decision.reason, dataset=dataset, gate_set=inputs.gate_set, split=inputs.split_text,
        train_rows=len(inputs.train), test_rows=len(inputs.test), metrics=metrics, ece=evaluation.ece,
        slices=evaluation.slices, sources=evaluation.sources, gate_figures=figures, gate_set_name=inputs.gate_name,
        policy={"version": policy.version, "digest": policy.digest},
        lexicon={"version": inputs.lexicon.version, "digest": inputs.lexicon.digest}, git=inputs.git,
        lock_sha256=inputs.lock_sha, prior=fitted.call_mix,
    ), "model_card.md")
    return Promotion(decision, figures, champion_version, alias, out_dir, written)


def _install(staged: Path, out_dir: Path, manifest: dict[str, Any], signer: Any) -> None:
    """Copy a model directory's files into ``out_dir`` (a service may be polling it), then its
    manifest and signature last (`write_manifest`)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for path in sorted(staged.iterdir()):
        if path.name not in (MANIFEST_FILE, SIGNATURE_FILE):
            shutil.copy2(path, out_dir / path.name)
    write_manifest(out_dir, manifest, signer)


def _manifest(fitted: Fitted, inputs: Inputs, run_id: str) -> dict[str, Any]:
    """The model directory's manifest before the gate (version, metrics and the gate's decision come after)."""
    cfg, dataset, call_types = inputs.cfg, inputs.dataset, inputs.call_types
    return {
        "version": "unregistered",
        "mlflow_run_id": run_id,
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "labels": {h: list(LABELS[h]) for h in HEADS},
        "thresholds": dict(cfg.thresholds),
        "data": {"digest": dataset.digest, "sources": [s.to_json() for s in dataset.sources],
                 "train_rows": len(inputs.train), "test_rows": len(inputs.test), "split": inputs.split_text,
                 "gate_set": inputs.gate_set.sources[0].to_json(),
                 "heads": {h: r.model_dump() for h, r in inputs.head_rows.items()},
                 "base_heads": list(dataset.base_heads),
                 "call_types": {"path": str(cfg.data.call_types), "version": call_types.version,
                                "digest": call_types.digest, "weak_weight": cfg.data.weak_weight}},
        "policy": {"version": inputs.policy.version, "digest": inputs.policy.digest},
        "lexicon": {"version": inputs.lexicon.version, "digest": inputs.lexicon.digest},
        prior.MANIFEST_KEY: fitted.call_mix.model_dump(mode="json"),
        "git": inputs.git,
        "packages": package_versions(),
        "config": cfg.model_dump(mode="json"),
    }


def _requirements() -> list[str]:
    versions = package_versions()
    return [f"{name}=={v}" for name, v in versions.items() if name not in ("call-nlp", "mlflow") and v != "not installed"]


def _gate(triager: Triager, gate_set: Dataset, cfg: TrainConfig, policy: Policy, set_name: str
          ) -> tuple[gate.Decision, dict[str, dict[str, Any] | None], str | None]:
    """Score this model and the current champion on the gate set, each as it would serve (its own
    call mix and thresholds), and decide."""
    figures: dict[str, dict[str, Any] | None] = {"candidate": gate.score(triager, gate_set), "champion": None}
    entry = tracking.current_champion(cfg.mlflow)
    if entry is None:
        return gate.decide(figures["candidate"] or {}, None, cfg.gate, set_name=set_name), figures, None
    version = str(entry.version)
    try:
        champion = _load_champion(version, cfg)
    except Exception as exc:  # noqa: BLE001 - any failure to load means the gate cannot compare
        reason = (f"champion v{version} could not be loaded for the gate ({type(exc).__name__}: {exc}); "
                  "not promoted: review and move the alias by hand")
        return gate.Decision(False, reason), figures, version
    figures["champion"] = gate.score(Triager(champion, policy, use_estimator=True), gate_set)
    return gate.decide(figures["candidate"] or {}, figures["champion"], cfg.gate, version, set_name), figures, version


def _load_champion(version: str, cfg: TrainConfig) -> LoadedModel:
    """The champion's verified model directory; versions logged before it existed load from the MLflow model."""
    uri = f"models:/{cfg.mlflow.registered_model}/{version}"
    try:
        return registry.load_registered(uri, tracking.tracking_uri(cfg.mlflow))
    except ModelLoadError as exc:
        if "no readable" not in str(exc) and not isinstance(exc, UnsignedModel):
            raise
        import mlflow.sklearn

        log.warning("      champion v%s has no model directory (in its MLflow model or as a %s/ artifact), or no "
                    "signed one (an older run): scoring its MLflow model", version, SERVED_MODEL_ARTIFACT)
        return LoadedModel(mlflow.sklearn.load_model(uri), Manifest(version=version, thresholds=dict(cfg.thresholds)),
                           Path(uri))
