"""What one training run reads before it fits: the data (validated, weak-labeled, split), the gate
set, the policy, the lexicon and the provenance it records; and logging them to the MLflow run.

`prepare` does every check that can fail before the fit (a bad key, a bad file, a gate that could
not run), so a mistake stops training in seconds, not after it."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from sklearn.model_selection import StratifiedGroupKFold, train_test_split

import call_nlp
from call_nlp import gate, prior, tracking
from call_nlp.artifact import sha256_file
from call_nlp.call_types import CallTypeMap, load_call_types
from call_nlp.config import TrainConfig
from call_nlp.data import Dataset, load_training_data
from call_nlp.language import Lexicon, load_lexicon
from call_nlp.manifest import HeadRows
from call_nlp.policy import Policy
from call_nlp.signing import load_or_create_private_key
from call_nlp.training_rows import log_sources, row_metrics, rows_per_head

log = logging.getLogger("call_nlp.train")


@dataclass(frozen=True)
class Inputs:
    """Everything a run trains on and is judged on, read and checked."""

    cfg: TrainConfig
    dataset: Dataset
    train: pd.DataFrame
    test: pd.DataFrame
    split_text: str
    gate_set: Dataset
    gate_name: str
    head_rows: dict[str, HeadRows]
    call_types: CallTypeMap
    agency_notes: prior.AgencyNotes | None
    policy: Policy
    policy_path: Path
    lexicon: Lexicon
    git: dict[str, str]
    lock_sha: str
    signer: Any  # the Ed25519 private key the model directory is signed with


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


def prepare(cfg: TrainConfig, data_paths: Sequence[Path] | None, policy_path: Path) -> Inputs:
    """Read and check the data, split it, choose the gate set; read the policy and lexicon."""
    paths = [Path(p) for p in data_paths or cfg.data.default_paths]
    signer = load_or_create_private_key(cfg.signing.private_key)  # a bad key fails now, not after the fit
    log.info("[1/6] reading and validating %d data file(s) and the gate set", len(paths))
    call_types = load_call_types(cfg.data.call_types)
    ensure_demo_corpus(cfg, paths)
    dataset = load_training_data(paths, call_types, cfg.data.base_files,
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
    lock_path = Path(cfg.audit.lock_file)
    return Inputs(
        cfg=cfg, dataset=dataset, train=train, test=test, split_text=split_text, gate_set=gate_set,
        gate_name=gate_name, head_rows=head_rows, call_types=call_types, agency_notes=agency_notes,
        policy=Policy.from_yaml(policy_path), policy_path=policy_path,
        lexicon=load_lexicon(cfg.language.lexicon_paths), git=tracking.git_state(),
        lock_sha=sha256_file(lock_path) if lock_path.is_file() else "missing", signer=signer,
    )


def log_inputs(inputs: Inputs) -> None:
    """The run's parameters, provenance tags, configuration files, data counts and datasets."""
    import mlflow

    cfg, dataset, policy, lexicon = inputs.cfg, inputs.dataset, inputs.policy, inputs.lexicon
    mlflow.log_params(tracking.flatten("", cfg.model_dump(mode="json")))
    mlflow.set_tags({**inputs.git, "data.digest": dataset.digest, "data.split": inputs.split_text,
                     "policy.version": policy.version, "policy.digest": policy.digest,
                     "lexicon.version": lexicon.version, "lexicon.digest": lexicon.digest,
                     "environment.lock.sha256": inputs.lock_sha, "call_nlp.version": call_nlp.__version__})
    mlflow.log_dict(cfg.model_dump(mode="json"), "config/train_config.json")
    mlflow.log_artifact(str(inputs.policy_path), "config")
    mlflow.log_dict(lexicon.data, "config/lexicon.yaml")
    mlflow.log_artifact(str(cfg.data.call_types), "config")
    mlflow.log_dict([source.to_json() for source in dataset.sources], "data/sources.json")
    mlflow.set_tags({"call_types.version": inputs.call_types.version, "call_types.digest": inputs.call_types.digest,
                     "data.base_heads": ",".join(dataset.base_heads) or "none"})
    mlflow.log_metrics(row_metrics(dataset, inputs.head_rows))
    lock_path = Path(cfg.audit.lock_file)
    if lock_path.is_file():
        mlflow.log_artifact(str(lock_path), "environment")
    else:
        log.warning("no lock file at %s: the run records no exact package list", lock_path)
    tracking.log_dataset(inputs.train, dataset, "training")
    tracking.log_dataset(inputs.test, dataset, "test")
    mlflow.set_tags({**tracking.log_sources(dataset, "source"), **tracking.log_sources(inputs.gate_set, "gate")})
