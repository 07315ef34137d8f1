"""The synthetic agency and its labeling loop, at a small scale: every step runs and is recorded."""

import json
from pathlib import Path

import pandas as pd
from mlflow import MlflowClient

from call_nlp.config import TrainConfig
from call_nlp.demo.agency import AGENCY_WORDS, restyle, write_agency
from call_nlp.demo.agency_loop import EXPERIMENT, report, run_loop
from tests.conftest import own_tracking_store, tiny_config


def test_the_agency_writes_its_own_way_and_hides_its_labels(tmp_path: Path) -> None:
    assert restyle("RP STATES SUBJ HAS A WEAPON.\nUPD: NO WEAPONS SEEN") == "comp adv s1 has a wpn. // **: no wpns seen"
    agency = write_agency(tmp_path, notes=80, heldout=20, seed=3)
    export = pd.read_csv(agency.export, dtype=str, keep_default_na=False)
    assert list(export.columns) == ["id", "text", "call_type", "call_id"]  # no label in the export
    assert len(export) == 80 and len(pd.read_csv(agency.truth)) == 80 and len(pd.read_csv(agency.heldout)) == 20
    assert (export["text"] == export["text"].str.lower()).all()
    assert not any(f" {word} " in f" {text} " for text in export["text"] for word in ("caller", "subject"))
    assert set(AGENCY_WORDS.values()) >= {"comp", "s1", "wpn"}
    assert "SUIC: suicide_risk" in agency.call_types.read_text()


def test_the_loop_trains_queues_labels_and_scores_each_model(
        tmp_path: Path, base_config: TrainConfig, tiny_corpus: Path, policy_path: Path, gate_path: Path,
        signing_key_path: Path) -> None:
    cfg = tiny_config(base_config, tmp_path, tiny_corpus, gate_path, signing_key_path)
    with own_tracking_store():
        rows = run_loop(tmp_path / "loop", cfg, policy_path, notes=150, heldout_notes=60, labels=[20], seed=9)
    assert [(r["order"], r["labels"]) for r in rows] == [("none", 0), ("queue", 20), ("random", 20)]
    queue = pd.read_csv(tmp_path / "loop" / "labeled_queue_20.csv", dtype=str, keep_default_na=False)
    truth = pd.read_csv(tmp_path / "loop" / "agency" / "truth.csv", dtype=str, keep_default_na=False).set_index("id")
    assert len(queue) == 20 and (queue.set_index("id")["crisis_type"] == truth.loc[queue["id"], "crisis_type"]).all()
    manifest = json.loads((tmp_path / "loop" / "models" / "queue-20" / "manifest.json").read_text())
    labeled = manifest["data"]["sources"][2]
    assert labeled["kinds"]["labeled"] == 20
    export = manifest["data"]["sources"][1]
    assert export["kinds"]["superseded"] > 0  # the labeled rows replaced their weak export rows
    client = MlflowClient(tracking_uri=cfg.mlflow.tracking_uri)
    run = client.get_run(rows[1]["run_id"])
    assert run.data.tags["loop.order"] == "queue" and run.data.tags["loop.labels"] == "20"
    assert 0.0 <= run.data.metrics["agency_heldout.response_model.accuracy"] <= 1.0
    assert client.get_experiment(run.info.experiment_id).name == EXPERIMENT
    text = report(rows, 65.0, tmp_path / "loop", 150, 60)
    assert "Wall time of the whole loop: 1.1 min" in text and "| queue | 20 |" in text
