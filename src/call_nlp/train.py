"""`make train`: validate data → (grouped) split → fit → evaluate held-out → gate → register → MLflow.

`main(config, data_paths) -> run_id` is a plain function so tests and notebooks call it
the same way the CLI does.
"""

from __future__ import annotations

import json
import logging
import time
import warnings
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from typing import Any

import pandas as pd
from sklearn.model_selection import StratifiedGroupKFold, train_test_split

import call_nlp
from call_nlp import gate, model_card, prior, registry, run_summary, text_hashes, tracking
from call_nlp.artifact import MANIFEST_FILE, MODEL_FILE, LoadedModel, ModelLoadError, package_versions, save_model, sha256_file
from call_nlp.calibration import calibration, reliability_figure
from call_nlp.call_types import load_call_types
from call_nlp.config import TrainConfig
from call_nlp.data import Dataset, load_training_data
from call_nlp.evaluation import compute_metrics, confusion, labeled, predictions_frame, report_text
from call_nlp.labels import HEADS, LABELS
from call_nlp.language import load_lexicon
from call_nlp.manifest import Manifest
from call_nlp.misclassified import is_demo_data, misclassified
from call_nlp.model import build_pipeline
from call_nlp.policy import Policy
from call_nlp.registry import SERVED_MODEL_ARTIFACT, SHA256_TAG
from call_nlp.signing import SIGNATURE_FILE, UnsignedModel, load_or_create_private_key
from call_nlp.slices import SliceReport, slice_metric_dict, slice_report
from call_nlp.training_rows import (
    SourceReport,
    gold_labels,
    log_sources,
    per_source,
    row_metrics,
    rows_per_head,
    weak_agreement,
    weights,
)
from call_nlp.triage import Suggestion, Triager

log = logging.getLogger(__name__)

DEFAULT_POLICY_PATH = Path("serve/policy.yaml")


def split(frame: pd.DataFrame, test_size: float, seed: int, group_column: str = "call_id"
          ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Seeded split stratified on crisis type × violence risk (on crisis type alone when some
    combination is too rare to put in both sides).

    When ``frame`` has ``group_column`` (a call id), notes sharing a value stay on one side:
    the held-out part is one fold of a seeded ``StratifiedGroupKFold`` with
    ``round(1 / test_size)`` folds, so its share is close to, not exactly, ``test_size``.
    A note with an empty call id is a group of its own.
    """
    strata = frame["crisis_type"] + "|" + frame["violence_risk"]
    if strata.value_counts().min() < 2:
        strata = frame["crisis_type"] if frame["crisis_type"].value_counts().min() >= 2 else None
    if group_column in frame.columns:
        groups = frame[group_column].fillna("").astype(str).str.strip()
        groups = groups.where(groups != "", "row:" + frame["id"].astype(str))
        folds = StratifiedGroupKFold(n_splits=max(2, round(1 / test_size)), shuffle=True, random_state=seed)
        labels = strata if strata is not None else frame["crisis_type"]
        with warnings.catch_warnings():  # "least populated class has fewer members than n_splits"
            warnings.simplefilter("ignore", UserWarning)
            train_idx, test_idx = next(folds.split(frame, labels, groups))
        return frame.iloc[train_idx].reset_index(drop=True), frame.iloc[test_idx].reset_index(drop=True)
    train, test = train_test_split(frame, test_size=test_size, random_state=seed, stratify=strata)
    return train.reset_index(drop=True), test.reset_index(drop=True)


def ensure_demo_corpus(cfg: TrainConfig, paths: Sequence[Path]) -> None:
    """Build the demo corpus when a data file names it and it is missing (a fresh clone)."""
    demo = cfg.data.demo_file
    if any(Path(p) == demo for p in paths) and not demo.exists():
        from call_nlp.demo import write_corpus

        log.info("      no demo corpus yet: generating %d synthetic notes in %s", cfg.data.demo_notes, cfg.data.demo_dir)
        write_corpus(cfg.data.demo_dir, n=cfg.data.demo_notes, seed=cfg.seed)


def _requirements() -> list[str]:
    versions = package_versions()
    return [f"{name}=={v}" for name, v in versions.items() if name not in ("call-nlp", "mlflow") and v != "not installed"]


def main(cfg: TrainConfig, data_paths: Sequence[Path] | None = None, policy_path: Path = DEFAULT_POLICY_PATH) -> str:
    """Train, evaluate, gate and record one model; returns the MLflow run id."""
    import mlflow

    started = time.perf_counter()
    paths = [Path(p) for p in data_paths or cfg.data.default_paths]
    signer = load_or_create_private_key(cfg.signing.private_key)  # a bad key fails now, not after the fit
    log.info("[1/6] reading and validating %d data file(s) and the gate set", len(paths))
    call_types = load_call_types(cfg.data.call_types)
    ensure_demo_corpus(cfg, paths)
    dataset: Dataset = load_training_data(paths, call_types, cfg.data.base_files,
                                          prepare_base=lambda base: ensure_demo_corpus(cfg, base))
    frame = dataset.frame
    log_sources(dataset, cfg)
    log.info("      %d notes to train on, data digest %s", len(frame), dataset.digest[:12])
    gate_set = gate.load_gate_set(cfg.gate) if cfg.gate.use == "pinned" else None
    if gate_set is not None:
        log.info("      gate set %s: %d notes, sha256 %s", cfg.gate.path, len(gate_set.frame), gate_set.sources[0].sha256[:12])
    agency_notes = prior.read_notes(cfg.prior.estimate) if cfg.prior.estimate is not None else None
    if agency_notes is not None:
        log.info("      call-mix notes %s: %d unlabeled notes", agency_notes.path, len(agency_notes.texts))
    grouped = cfg.split.group_column in frame.columns
    train, test = split(frame, cfg.split.test_size, cfg.seed, cfg.split.group_column)
    split_text = (f"grouped by {cfg.split.group_column} (StratifiedGroupKFold, seed {cfg.seed})" if grouped
                  else f"stratified on crisis_type x violence_risk (seed {cfg.seed})")
    log.info("[2/6] split: %d train / %d held-out, %s", len(train), len(test), split_text)
    if gate_set is None:  # checked now: a gate that cannot run stops training before the fit
        gate_set = gate.agency_gate_set(test, dataset, cfg.data.demo_dir, cfg.gate.min_agency_notes)
    gate_name = gate.set_name(cfg.gate, gate_set)
    log.info("      the gate will score %s", gate_name)
    head_rows = rows_per_head(train)
    for head, rows in head_rows.items():
        log.info("      %s head: %d rows (%d labeled, %d weak) from %s", head, rows.rows, rows.labeled, rows.weak,
                 ", ".join(f"{Path(k).name} {v}" for k, v in rows.by_source.items()))
    policy = Policy.from_yaml(policy_path)
    lexicon = load_lexicon(cfg.language.lexicon_paths)
    git = tracking.git_state()
    lock_path = Path(cfg.audit.lock_file)
    lock_sha = sha256_file(lock_path) if lock_path.is_file() else "missing"

    tracking.setup(cfg.mlflow)
    with mlflow.start_run(run_name=run_summary.run_name(dataset)) as run:
        run_id = run.info.run_id
        mlflow.log_params(tracking.flatten("", cfg.model_dump(mode="json")))
        mlflow.set_tags({**git, "data.digest": dataset.digest, "data.split": split_text,
                         "policy.version": policy.version, "policy.digest": policy.digest,
                         "lexicon.version": lexicon.version, "lexicon.digest": lexicon.digest,
                         "environment.lock.sha256": lock_sha, "call_nlp.version": call_nlp.__version__})
        mlflow.log_dict(cfg.model_dump(mode="json"), "config/train_config.json")
        mlflow.log_artifact(str(policy_path), "config")
        mlflow.log_dict(lexicon.data, "config/lexicon.yaml")
        mlflow.log_artifact(str(cfg.data.call_types), "config")
        mlflow.log_dict([source.to_json() for source in dataset.sources], "data/sources.json")
        mlflow.set_tags({"call_types.version": call_types.version, "call_types.digest": call_types.digest,
                         "data.base_heads": ",".join(dataset.base_heads) or "none"})
        mlflow.log_metrics(row_metrics(dataset, head_rows))
        if lock_path.is_file():
            mlflow.log_artifact(str(lock_path), "environment")
        else:
            log.warning("no lock file at %s: the run records no exact package list", lock_path)
        tracking.log_dataset(train, dataset, "training")
        tracking.log_dataset(test, dataset, "test")
        mlflow.set_tags({**tracking.log_sources(dataset, "source"), **tracking.log_sources(gate_set, "gate")})

        log.info("[3/6] fitting TF-IDF + calibrated logistic regression (%s)", ", ".join(HEADS))
        t0 = time.perf_counter()
        pipeline = build_pipeline(cfg.model, cfg.seed, lexicon)
        pipeline.fit(train[["text"]], train[list(HEADS)].to_numpy(), heads__sample_weight=weights(train, cfg.data.weak_weight))
        fit_seconds = time.perf_counter() - t0
        log.info("      fitted in %.1f s", fit_seconds)
        gold = gold_labels(test)  # weak labels are not gold: scored apart, as agreement
        crisis_rows = train["crisis_type"] != ""
        mix = prior.resolve(cfg.prior, pipeline, prior.training_prior(train.loc[crisis_rows, "crisis_type"]), agency_notes,
                            gold[labeled(gold, "crisis_type")])
        tracking.log_prior(mix)
        log.info("      call mix (%s): behavioral %.1f%% in training, %.1f%% in force", mix.target.source,
                 100 * mix.training.behavioral_share(), 100 * mix.target.behavioral_share())

        log.info("[4/6] evaluating on the held-out split: metrics, calibration, slices")
        manifest = {
            "version": "unregistered",
            "mlflow_run_id": run_id,
            "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "labels": {h: list(LABELS[h]) for h in HEADS},
            "thresholds": dict(cfg.thresholds),
            "data": {"digest": dataset.digest, "sources": [s.to_json() for s in dataset.sources],
                     "train_rows": len(train), "test_rows": len(test), "split": split_text,
                     "gate_set": gate_set.sources[0].to_json(),
                     "heads": {h: r.model_dump() for h, r in head_rows.items()}, "base_heads": list(dataset.base_heads),
                     "call_types": {"path": str(cfg.data.call_types), "version": call_types.version,
                                    "digest": call_types.digest, "weak_weight": cfg.data.weak_weight}},
            "policy": {"version": policy.version, "digest": policy.digest},
            "lexicon": {"version": lexicon.version, "digest": lexicon.digest},
            prior.MANIFEST_KEY: mix.model_dump(mode="json"),
            "git": git,
            "packages": package_versions(),
            "config": cfg.model_dump(mode="json"),
        }
        triager = Triager(LoadedModel(pipeline, Manifest.model_validate(manifest), Path(cfg.output.model_dir)), policy,
                          use_estimator=True)
        suggestions = triager.triage_many(test["text"].tolist())
        predicted = predictions_frame(suggestions)
        metrics = compute_metrics(gold, predicted)
        metrics.update(weak_agreement(test, predicted))
        mlflow.log_metrics({k: v for k, v in metrics.items() if isinstance(v, int | float)})
        mlflow.log_metric("fit_seconds", fit_seconds)
        mlflow.log_text(report_text(gold, predicted), "evaluation/classification_report.txt")
        for head in [h for h in (*HEADS, "response_model") if labeled(gold, h).any()]:
            matrix = confusion(gold[head], predicted[head], head)
            mlflow.log_text(matrix.to_csv(), f"evaluation/confusion_{head}.csv")
            tracking.log_confusion_png(matrix, head)
        ece = _log_calibration(gold, suggestions, cfg.audit.calibration_bins)
        slices = slice_report(gold, predicted, lexicon, cfg.audit.slice_min_size)
        _log_slices(slices)
        sources = per_source(dataset, test, predicted, cfg.audit.slice_min_size)
        _log_per_source(sources)
        _log_misclassified(gold, predicted, dataset, cfg)

        log.info("[5/6] promotion gate: scoring this model and the champion on %s", gate_name)
        decision, figures, champion_version = _gate(triager, gate_set, cfg, policy, gate_name)
        mlflow.log_metrics({f"gate.{who}.{k}": float(v) for who, f in figures.items() if f for k, v in f.items()})
        mlflow.set_tags({"gate.decision": decision.outcome, "gate.reason": decision.reason,
                         "gate.champion_version": champion_version or "none",
                         "gate.set.sha256": gate_set.sources[0].sha256, "gate.set": gate_name})
        log_fn = log.info if decision.promoted else log.warning
        log_fn("      gate: %s: %s", decision.outcome, decision.reason)

        log.info("[6/6] logging the model to MLflow and registering it")
        version = tracking.log_model(pipeline, cfg.mlflow, Path(call_nlp.__file__).parent, _requirements())
        alias = cfg.mlflow.alias if decision.promoted else cfg.mlflow.challenger_alias
        out_dir = Path(cfg.output.model_dir if decision.promoted else cfg.output.challenger_dir)
        manifest.update(version=version or "unregistered", metrics=metrics, alias=alias,
                        gate={"decision": decision.outcome, "reason": decision.reason,
                              "champion_version": champion_version, "figures": figures})
        written = save_model(pipeline, manifest, out_dir, signer, training_texts=train["text"].tolist())
        for name in (MODEL_FILE, MANIFEST_FILE, SIGNATURE_FILE, text_hashes.FILE,
                     *written.get("serving", {}).get("files", {})):
            mlflow.log_artifact(str(out_dir / name), SERVED_MODEL_ARTIFACT)
        mlflow.set_tag("signing_key_sha256", written["signing_key_sha256"])
        mlflow.log_dict(written, "model_manifest.json")
        if version is not None:
            tracking.mark_version(cfg.mlflow, version, alias, {
                SHA256_TAG: written["model_sha256"], "gate.decision": decision.outcome, "gate.reason": decision.reason[:4000],
            })
        mlflow.set_tag("registry.alias", alias)
        summary = run_summary.description(outcome=decision.outcome, reason=decision.reason, version=str(written["version"]),
                                          gate_set=gate_name, dataset=dataset, metrics=metrics)
        mlflow.set_tags({"mlflow.runName": run_summary.final_name(dataset, decision.outcome, str(written["version"])),
                         "mlflow.note.content": summary})
        mlflow.log_metrics(run_summary.headline_metrics(metrics, figures["candidate"]))
        if version is not None:
            run_summary.describe_registry(cfg.mlflow, version, summary)
        mlflow.log_text(model_card.render(
            run_id=run_id, version=str(written["version"]), outcome=f"{decision.outcome} (alias {alias})",
            reason=decision.reason, dataset=dataset, gate_set=gate_set, split=split_text, train_rows=len(train),
            test_rows=len(test), metrics=metrics, ece=ece, slices=slices, sources=sources, gate_figures=figures,
            gate_set_name=gate_name,
            policy={"version": policy.version, "digest": policy.digest},
            lexicon={"version": lexicon.version, "digest": lexicon.digest}, git=git, lock_sha256=lock_sha,
            prior=mix,
        ), "model_card.md")
        mlflow.log_metric("train_seconds", time.perf_counter() - started)
    log.info("done in %.0f s: model %s (version %s, alias %s) in %s, MLflow run %s",
             time.perf_counter() - started, written["model_sha256"][:12], written["version"], alias, out_dir, run_id)
    log.info("held-out metrics:\n%s", json.dumps({k: round(v, 4) if isinstance(v, float) else v
                                                 for k, v in metrics.items() if "." not in k or k.endswith(("accuracy", "macro_f1"))}, indent=1))
    return run_id


def _log_calibration(test: pd.DataFrame, suggestions: list[Suggestion], bins: int) -> dict[str, float]:
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


def _log_slices(report: SliceReport) -> None:
    import mlflow

    mlflow.log_metrics(slice_metric_dict(report))
    mlflow.log_text(report.table().to_csv(index=False), "evaluation/slices.csv")
    mlflow.log_dict({"min_size": report.min_size, "skipped": report.skipped}, "evaluation/slices_skipped.json")
    if report.skipped:
        log.info("      %d slice(s) under %d notes skipped: %s", len(report.skipped), report.min_size,
                 ", ".join(f"{k} (n={v})" for k, v in report.skipped.items()))
    log.info("      %d slice(s) reported (district, demographic descriptors): evaluation/slices.csv", len(report.rows))


def _log_per_source(report: SourceReport) -> None:
    import mlflow

    mlflow.log_metrics(report.metrics())
    mlflow.log_text(report.table().to_csv(index=False), "evaluation/sources.csv")
    mlflow.log_dict({"min_size": report.min_size, "skipped": report.skipped}, "evaluation/sources_skipped.json")
    if report.skipped:
        log.info("      held-out part of %d file(s) under %d notes, not scored on its own: %s", len(report.skipped),
                 report.min_size, ", ".join(f"{k} (n={v})" for k, v in report.skipped.items()))


def _log_misclassified(test: pd.DataFrame, predicted: pd.DataFrame, dataset: Dataset, cfg: TrainConfig) -> None:
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

        log.warning("      champion v%s has no %s/ artifact, or no signed one (older run): scoring its MLflow "
                    "model", version, SERVED_MODEL_ARTIFACT)
        return LoadedModel(mlflow.sklearn.load_model(uri), Manifest(version=version, thresholds=dict(cfg.thresholds)),
                           Path(uri))
