"""Training on an agency's CAD export: weak labels from call types, partial labels, a head
trained on the base files, and what the manifest and MLflow say about each row's kind."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from mlflow import MlflowClient

from call_nlp.artifact import MANIFEST_FILE
from call_nlp.config import TrainConfig
from call_nlp.labels import HEADS
from call_nlp.model import build_pipeline
from call_nlp.run_summary import REGISTERED_MODEL_DESCRIPTION
from call_nlp.train import main
from call_nlp.training_inputs import ensure_demo_corpus
from tests.conftest import TINY_CORPUS_NOTES, own_tracking_store, tiny_config

#: How the synthetic agency's CAD codes its calls (hidden label -> call type). Psychosis and
#: distress arrive as EDP (mapped to nothing by default), so those rows are skipped and counted.
CAD_CODES = {"suicide_risk": "SUICTHRT", "substance_use": "OD", "welfare_check": "WELFARE",
             "family_conflict": "DVNA", "psychosis": "EDP", "emotional_distress": "EDP"}
ORDINARY_CODES = ("FIRE ALARM", "CHEST PAIN", "MVC W/ INJURIES", "LIFT ASSIST 2")  # the last is unknown


def _export(corpus: Path, path: Path) -> pd.DataFrame:
    """The tiny corpus as an export: other ids, no labels, a call type from the hidden label."""
    notes = pd.read_csv(corpus, dtype=str, keep_default_na=False)
    codes = [CAD_CODES.get(label) or ORDINARY_CODES[i % len(ORDINARY_CODES)]
             for i, label in enumerate(notes["crisis_type"])]
    export = pd.DataFrame({"id": "X-" + notes["id"], "text": notes["text"], "call_type": codes})
    export.to_csv(path, index=False)
    return notes


@pytest.fixture(scope="module")
def export_run(tmp_path_factory: pytest.TempPathFactory, base_config: TrainConfig, tiny_corpus: Path,
               policy_path: Path, gate_path: Path, signing_key_path: Path) -> tuple[TrainConfig, str, pd.DataFrame]:
    root = tmp_path_factory.mktemp("export-run")
    notes = _export(tiny_corpus, root / "export.csv")
    cfg = tiny_config(base_config, root, tiny_corpus, gate_path, signing_key_path)
    with own_tracking_store():
        run_id = main(cfg, [root / "export.csv"], policy_path=policy_path)
    return cfg, run_id, notes


def test_an_export_alone_trains_crisis_on_call_types_and_violence_on_the_base_files(
        export_run: tuple[TrainConfig, str, pd.DataFrame], tiny_corpus: Path) -> None:
    cfg, _, notes = export_run
    manifest = json.loads((Path(cfg.output.model_dir) / MANIFEST_FILE).read_text())
    data = manifest["data"]
    export_path = str(Path(cfg.output.model_dir).parent / "export.csv")
    assert data["base_heads"] == ["violence_risk"]
    export, base = data["sources"]
    assert export["path"] == export_path and base["path"] == str(tiny_corpus)
    edp = int(notes["crisis_type"].isin(["psychosis", "emotional_distress"]).sum())
    unknown = int(sum(1 for i, label in enumerate(notes["crisis_type"]) if label not in CAD_CODES
                      and i % len(ORDINARY_CODES) == 3))
    assert export["kinds"] == {"labeled": 0, "weak": TINY_CORPUS_NOTES - edp - unknown, "superseded": 0,
                               "unexplained": 0, "skipped": edp + unknown}
    assert export["call_types"]["none"] == edp and export["call_types"]["unmapped_types"] == {"LIFT ASSIST 2": unknown}
    assert base["heads"] == ["violence_risk"] and base["kinds"]["labeled"] == TINY_CORPUS_NOTES
    crisis, violence = data["heads"]["crisis_type"], data["heads"]["violence_risk"]
    assert set(crisis["by_source"]) == {export_path} and crisis["weak"] == crisis["rows"] > 0
    assert set(violence["by_source"]) == {str(tiny_corpus)} and violence["weak"] == 0
    assert crisis["rows"] + violence["rows"] == data["train_rows"]  # no row trains both heads here
    assert data["call_types"]["weak_weight"] == cfg.data.weak_weight and len(data["call_types"]["digest"]) == 64


def test_the_run_logs_the_map_the_row_kinds_and_scores_weak_rows_apart(
        export_run: tuple[TrainConfig, str, pd.DataFrame]) -> None:
    cfg, run_id, _ = export_run
    client = MlflowClient(tracking_uri=cfg.mlflow.tracking_uri)
    run = client.get_run(run_id)
    assert run.data.tags["data.base_heads"] == "violence_risk"
    assert len(run.data.tags["call_types.digest"]) == 64
    assert "config/call_types.yaml" in {a.path for a in client.list_artifacts(run_id, "config")}
    metrics = run.data.metrics
    assert metrics["data.source.0.labeled"] == 0 and metrics["data.source.0.weak"] > 0
    assert metrics["data.source.1.labeled"] == TINY_CORPUS_NOTES
    # weak labels are agreement, not accuracy: no crisis-type accuracy without a gold crisis label
    assert 0.5 < metrics["weak.crisis_type.agreement"] <= 1.0 and metrics["weak.n"] > 0
    assert "crisis_type.accuracy" not in metrics and "violence_risk.accuracy" in metrics


def test_files_with_and_without_response_model_train_together(
        tmp_path: Path, base_config: TrainConfig, tiny_corpus: Path, policy_path: Path, gate_path: Path,
        signing_key_path: Path) -> None:
    notes = pd.read_csv(tiny_corpus, dtype=str, keep_default_na=False)
    half = len(notes) // 2
    notes.iloc[:half].to_csv(tmp_path / "a.csv", index=False)
    notes.iloc[half:].drop(columns=["response_model"]).to_csv(tmp_path / "b.csv", index=False)
    cfg = tiny_config(base_config, tmp_path, tiny_corpus, gate_path, signing_key_path)
    with own_tracking_store():
        run_id = main(cfg, [tmp_path / "a.csv", tmp_path / "b.csv"], policy_path=policy_path)
    metrics = MlflowClient(tracking_uri=cfg.mlflow.tracking_uri).get_run(run_id).data.metrics
    assert 0 < metrics["response_model.n"] < metrics["n"]  # scored on the rows that have one
    assert 0.0 <= metrics["response_model.accuracy"] <= 1.0 and "crisis_type.n" not in metrics


def test_a_blank_label_skips_the_row_for_that_head_only(tiny_corpus: Path, base_config: TrainConfig) -> None:
    notes = pd.read_csv(tiny_corpus, dtype=str, keep_default_na=False).head(600)
    texts, labels = notes[["text"]], notes[list(HEADS)].to_numpy()
    model = base_config.model.model_copy(update={"n_jobs": 1, "max_iter": 300})
    blanked = labels.copy()
    blanked[:200, 1] = ""
    partial = build_pipeline(model, 1).fit(texts, blanked)
    subset = build_pipeline(model, 1).fit(notes[["text"]].iloc[200:], labels[200:])
    whole = build_pipeline(model, 1).fit(texts, labels)
    probe = notes[["text"]].head(50)
    crisis, violence = partial.predict_proba(probe)
    np.testing.assert_array_equal(violence, subset.predict_proba(probe)[1])  # as if those rows were absent
    np.testing.assert_array_equal(crisis, whole.predict_proba(probe)[0])  # the other head kept them


def test_weak_rows_weigh_less_and_weights_of_one_change_nothing(tiny_corpus: Path, base_config: TrainConfig) -> None:
    notes = pd.read_csv(tiny_corpus, dtype=str, keep_default_na=False).head(600)
    texts, labels = notes[["text"]], notes[list(HEADS)].to_numpy()
    model = base_config.model.model_copy(update={"n_jobs": 1, "max_iter": 300})
    probe = notes[["text"]].head(50)
    plain = build_pipeline(model, 1).fit(texts, labels).predict_proba(probe)
    ones = build_pipeline(model, 1).fit(texts, labels, heads__sample_weight=np.ones(labels.shape)).predict_proba(probe)
    weights = np.ones(labels.shape)
    weights[:300, 0] = 0.2
    weighted = build_pipeline(model, 1).fit(texts, labels, heads__sample_weight=weights).predict_proba(probe)
    np.testing.assert_array_equal(ones[0], plain[0])
    assert np.abs(weighted[0] - plain[0]).max() > 1e-3  # the crisis head saw the weights
    np.testing.assert_array_equal(weighted[1], plain[1])  # the violence head's were all 1


def test_a_head_with_one_class_is_refused_by_name(tiny_corpus: Path, base_config: TrainConfig) -> None:
    notes = pd.read_csv(tiny_corpus, dtype=str, keep_default_na=False).head(100)
    labels = notes[list(HEADS)].to_numpy()
    labels[:, 1] = ""
    labels[0, 1] = "low"
    with pytest.raises(ValueError, match="violence_risk: 1 labeled row"):
        build_pipeline(base_config.model, 1).fit(notes[["text"]], labels)


def test_a_missing_demo_corpus_is_built_when_a_data_file_names_it(tmp_path: Path, base_config: TrainConfig) -> None:
    cfg = base_config.model_copy(update={"data": base_config.data.model_copy(
        update={"demo_dir": tmp_path / "demo", "demo_notes": 30})})
    ensure_demo_corpus(cfg, [tmp_path / "export.csv"])
    assert not cfg.data.demo_file.exists()  # not named: not built
    ensure_demo_corpus(cfg, [cfg.data.demo_file, tmp_path / "export.csv"])
    assert len(pd.read_csv(cfg.data.demo_file)) == 30


def test_the_run_is_named_described_and_its_safety_figures_sort_first(
        export_run: tuple[TrainConfig, str, pd.DataFrame]) -> None:
    cfg, run_id, _ = export_run
    client = MlflowClient(tracking_uri=cfg.mlflow.tracking_uri, registry_uri=cfg.mlflow.tracking_uri)
    run = client.get_run(run_id)
    assert run.info.run_name == "export+[notes]: promoted v1"
    note = run.data.tags["mlflow.note.content"]
    assert note.startswith("**Gate: promoted** (version 1) on the pinned gate set")
    assert "first model" in note and "lends only violence_risk" in note and "weak.crisis_type.agreement" in note
    metrics = run.data.metrics
    first = sorted(metrics)[:6]
    assert [name.split(".")[0] for name in first] == ["0_safety"] * 4 + ["1_headline"] * 2, first
    assert metrics["0_safety.unsafe_suggestions"] == metrics["unsafe_suggestions"]
    assert metrics["1_headline.weak.crisis_type.agreement"] == metrics["weak.crisis_type.agreement"]
    assert metrics["0_safety.gate.unsafe_suggestions"] == metrics["gate.candidate.unsafe_suggestions"]
    model = client.get_registered_model(cfg.mlflow.registered_model)
    assert model.description == REGISTERED_MODEL_DESCRIPTION
    assert client.get_model_version(cfg.mlflow.registered_model, "1").description == note


def test_each_data_file_is_scored_on_its_own(export_run: tuple[TrainConfig, str, pd.DataFrame]) -> None:
    cfg, run_id, _ = export_run
    client = MlflowClient(tracking_uri=cfg.mlflow.tracking_uri)
    metrics = client.get_run(run_id).data.metrics
    # the export's held-out part: weak labels, scored as agreement only; the base file: violence only
    assert 0.0 <= metrics["source.0_export.weak.crisis_type.agreement"] <= 1.0
    assert "source.0_export.crisis_type.accuracy" not in metrics
    assert "source.0_export.violence_risk.accuracy" not in metrics
    assert "source.1_notes.violence_risk.accuracy" in metrics and "source.1_notes.crisis_type.n" not in metrics
    assert metrics["source.0_export.n"] + metrics["source.1_notes.n"] == metrics["n"]
    paths = {a.path for a in client.list_artifacts(run_id, "evaluation")}
    assert {"evaluation/sources.csv", "evaluation/sources_skipped.json"} <= paths
    card = client.download_artifacts(run_id, "model_card.md")
    text = Path(card).read_text()
    assert "## Held-out metrics per data file" in text and "base file (violence_risk only)" in text


def test_a_file_with_too_few_held_out_notes_is_named_not_scored(tmp_path: Path) -> None:
    from call_nlp.data import Dataset, SourceInfo
    from call_nlp.evaluation import predictions_frame
    from call_nlp.training_rows import per_source

    test = pd.DataFrame({"id": ["a", "b", "c"], "text": ["x"] * 3, "crisis_type": ["psychosis"] * 3,
                         "violence_risk": ["low"] * 3, "response_model": ["ems_clinician"] * 3, "weak": [False] * 3,
                         "source": ["big.csv", "big.csv", "small.csv"]})
    predicted = pd.DataFrame({"crisis_type": ["psychosis"] * 3, "crisis_type_confidence": [0.9] * 3,
                              "violence_risk": ["low"] * 3, "violence_risk_confidence": [0.9] * 3,
                              "response_model": ["ems_clinician"] * 3, "needs_review": [False] * 3})
    assert list(predicted.columns) == list(predictions_frame([]).columns)
    dataset = Dataset(frame=test, sources=[SourceInfo("big.csv", "0", 2), SourceInfo("small.csv", "1", 1)])
    report = per_source(dataset, test, predicted, min_size=2)
    assert report.skipped == {"1_small": 1}
    assert [row["source"] for row in report.rows] == ["0_big"] and report.rows[0]["crisis_type.accuracy"] == 1.0


def test_the_gate_can_score_the_agency_s_own_held_out_notes(
        tmp_path: Path, base_config: TrainConfig, tiny_corpus: Path, policy_path: Path, gate_path: Path,
        signing_key_path: Path) -> None:
    agency = pd.read_csv(tiny_corpus, dtype=str, keep_default_na=False)
    agency["id"] = "A-" + agency["id"]
    agency.to_csv(tmp_path / "agency.csv", index=False)
    cfg = tiny_config(base_config, tmp_path, tiny_corpus, gate_path, signing_key_path)
    cfg = cfg.model_copy(update={"gate": cfg.gate.model_copy(update={"use": "agency_heldout", "min_agency_notes": 50})})
    with own_tracking_store():
        run_id = main(cfg, [tiny_corpus, tmp_path / "agency.csv"], policy_path=policy_path)
    run = MlflowClient(tracking_uri=cfg.mlflow.tracking_uri).get_run(run_id)
    manifest = json.loads((Path(cfg.output.model_dir) / MANIFEST_FILE).read_text())
    held_out = manifest["data"]["gate_set"]
    assert held_out["path"] == "held-out notes of agency.csv"  # not the demo corpus's rows
    assert held_out["rows"] == run.data.metrics["gate.candidate.n"] == run.data.metrics["source.1_agency.n"]
    assert run.data.tags["gate.set"] == f"the agency's own {held_out['rows']} held-out notes of agency.csv"
    assert run.data.tags["gate.set"] in run.data.tags["mlflow.note.content"]


def test_an_agency_gate_without_enough_gold_notes_stops_before_the_fit(
        export_run: tuple[TrainConfig, str, pd.DataFrame], tmp_path: Path, base_config: TrainConfig,
        tiny_corpus: Path, policy_path: Path, gate_path: Path, signing_key_path: Path) -> None:
    from call_nlp.gate import GateError

    cfg = tiny_config(base_config, tmp_path, tiny_corpus, gate_path, signing_key_path)
    cfg = cfg.model_copy(update={"gate": cfg.gate.model_copy(update={"use": "agency_heldout"})})
    export = Path(export_run[0].output.model_dir).parent / "export.csv"
    with own_tracking_store(), pytest.raises(GateError) as info:
        main(cfg, [export], policy_path=policy_path)
    assert "has 0 notes with gold crisis_type, violence_risk and response_model labels" in str(info.value)
    assert "export.csv" in str(info.value) and not (tmp_path / "mlflow.db").exists()  # no run was started
