"""`call-nlp export-reviews`: reviewed notes with text, final labels, in the training-data contract."""

from __future__ import annotations

import logging
import stat
from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest

from call_nlp.cli import main
from call_nlp.data import LABELED_COLUMNS, load_dataset
from call_nlp.feedback.export import EXPORT_COLUMNS, export_reviews
from call_nlp.feedback.source import TimeRange
from call_nlp.records.store import RecordStore
from tests.conftest import write_csv
from call_nlp.policy import Policy
from tests.feedback.conftest import T0, fill, review, suggestion

POLICY = Policy.from_yaml(Path(__file__).resolve().parents[2] / "serve" / "policy.yaml")


@pytest.fixture
def mixed(store: RecordStore) -> dict[str, str]:
    """Accepted, corrected, unreviewed and text-less records; returns their suggestion ids by role."""
    accepted = suggestion("C-1", 0, "peer_response", district="North")
    corrected = suggestion("C-1", 30, "peer_response", district="North")
    unreviewed = suggestion("C-2", 60, "ems_clinician")
    textless = suggestion("C-3", 90, "ems_clinician", text=None, text_stored="none")
    no_call = suggestion(None, 120, "standard_dispatch", text_stored="full")
    fill(
        store,
        [accepted, corrected, unreviewed, textless, no_call],
        [
            review(accepted),
            review(corrected, "co_response", violence_risk="elevated", reason="caller says guns in the house"),
            review(textless, "peer_response", crisis_type="emotional_distress"),
            review(no_call),
        ],
    )
    return {
        "accepted": accepted.suggestion_id,
        "corrected": corrected.suggestion_id,
        "unreviewed": unreviewed.suggestion_id,
        "textless": textless.suggestion_id,
        "no_call": no_call.suggestion_id,
    }


def test_export_writes_reviewed_rows_with_text_and_final_labels(
    store: RecordStore, mixed: dict[str, str], tmp_path: Path
) -> None:
    result = export_reviews(store, tmp_path / "reviewed.csv", policy=POLICY)
    assert (result.exported, result.skipped_no_text, result.unreviewed, result.skipped_invalid) == (3, 1, 1, 0)
    frame = pd.read_csv(result.path, dtype=str, keep_default_na=False).set_index("id")
    assert list(frame.reset_index().columns) == list(EXPORT_COLUMNS)
    assert set(frame.index) == {mixed["accepted"], mixed["corrected"], mixed["no_call"]}
    accepted, corrected = frame.loc[mixed["accepted"]], frame.loc[mixed["corrected"]]
    # accepted: the suggested labels; corrected: the review's risk wins, the unreviewed head stays suggested
    assert (accepted.crisis_type, accepted.violence_risk, accepted.response_model) == (
        "emotional_distress", "low", "peer_response"
    )
    assert (corrected.crisis_type, corrected.violence_risk, corrected.response_model) == (
        "emotional_distress", "elevated", "co_response"
    )
    assert (corrected.decision, corrected.suggested_response_model) == ("overridden", "peer_response")
    assert (corrected.crisis_type_corrected, corrected.violence_risk_corrected) == ("False", "True")
    assert list(frame.loc[[mixed["accepted"], mixed["corrected"]], "call_id"]) == ["C-1", "C-1"]
    assert frame.loc[mixed["accepted"], "district"] == "North"
    assert frame.loc[mixed["no_call"], "call_id"] == "" and frame.loc[mixed["no_call"], "district"] == ""
    assert frame.loc[mixed["corrected"], "suggestion_id"] == mixed["corrected"]
    assert frame.loc[mixed["corrected"], "reviewed_at"].startswith("2026-11-26T22:02:30")


def test_export_output_loads_with_load_dataset_next_to_other_data(
    store: RecordStore, mixed: dict[str, str], tmp_path: Path
) -> None:
    out = export_reviews(store, tmp_path / "reviewed.csv", policy=POLICY).path
    other = write_csv(
        tmp_path / "notes.csv",
        [{"id": "SYN-1", "text": "RP STATES SUBJ HAS A KNIFE", "crisis_type": "psychosis",
          "violence_risk": "imminent", "response_model": "co_response"}],
    )
    dataset = load_dataset([other, out])
    frame = dataset.frame
    assert len(frame) == 4 and set(LABELED_COLUMNS) <= set(frame.columns)
    assert "call_id" in frame.columns
    assert list(frame.loc[frame["source"] == str(out), "call_id"]) == ["C-1", "C-1", ""]
    assert len(dataset.sources) == 2


def test_export_reports_skipped_text_less_reviews(
    store: RecordStore, mixed: dict[str, str], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="call_nlp.feedback"):
        export_reviews(store, tmp_path / "reviewed.csv", policy=POLICY)
    skipped = [r for r in caplog.records if "not kept" in r.getMessage()]
    assert len(skipped) == 1 and skipped[0].levelno == logging.WARNING
    assert "skipped 1 reviewed suggestion(s)" in skipped[0].getMessage()


def test_export_says_zero_skipped_too(store: RecordStore, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    record = suggestion("C-9", 0, "peer_response")
    fill(store, [record], [review(record)])
    with caplog.at_level(logging.INFO, logger="call_nlp.feedback"):
        assert export_reviews(store, tmp_path / "r.csv", policy=POLICY).exported == 1
    assert any("skipped 0 reviewed suggestion(s)" in r.getMessage() for r in caplog.records)


def test_export_time_range_filters_on_suggestion_time(
    store: RecordStore, mixed: dict[str, str], tmp_path: Path
) -> None:
    result = export_reviews(
        store, tmp_path / "r.csv", TimeRange(since=T0 + timedelta(seconds=30), until=T0 + timedelta(seconds=120)),
        policy=POLICY,
    )
    frame = pd.read_csv(result.path, dtype=str, keep_default_na=False)
    assert list(frame["id"]) == [mixed["corrected"]]  # 0 s is before, 120 s is the excluded end
    assert (result.skipped_no_text, result.unreviewed) == (1, 1)


def test_export_of_nothing_writes_a_loadable_header(store: RecordStore, tmp_path: Path) -> None:
    result = export_reviews(store, tmp_path / "r.csv", policy=POLICY)
    assert result.exported == 0
    assert result.path.read_text().strip() == ",".join(EXPORT_COLUMNS)
    assert len(load_dataset([result.path]).frame) == 0


def test_export_refuses_other_formats(store: RecordStore, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="CSV"):
        export_reviews(store, tmp_path / "out" / "r.parquet", policy=POLICY)
    assert not (tmp_path / "out").exists()


def test_export_cli_writes_owner_only_file(
    database_url: str, store: RecordStore, mixed: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "out" / "reviewed.csv"
    assert main(["export-reviews", "-o", str(out), "--database-url", database_url, "--since", "2026-11-26"]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert len(load_dataset([out]).frame) == 3
    assert [p.name for p in out.parent.iterdir()] == ["reviewed.csv"]  # no partial file left behind


def test_export_cli_reads_the_service_database_url(
    database_url: str, store: RecordStore, mixed: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CALL_NLP_DATABASE_URL", database_url)
    out = tmp_path / "reviewed.csv"
    assert main(["export-reviews", "-o", str(out), "--until", "2026-11-25"]) == 0
    assert len(load_dataset([out]).frame) == 0  # the records are from 2026-11-26
    assert main(["export-reviews", "-o", str(out), "--until", "2026-11-26"]) == 0  # a bare date: the whole day
    assert len(load_dataset([out]).frame) == 3


def test_export_cli_missing_store_is_an_error_not_a_new_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'nowhere' / 'records.db'}"
    assert main(["export-reviews", "-o", str(tmp_path / "r.csv"), "--database-url", url]) == 2
    assert "no record store at" in capsys.readouterr().err
    assert not (tmp_path / "nowhere").exists() and not (tmp_path / "r.csv").exists()


def test_export_cli_rejects_a_bad_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export-reviews", "-o", str(tmp_path / "r.csv"), "--since", "yesterday"]) == 2
    assert "not an ISO date" in capsys.readouterr().err


def test_a_review_whose_labels_do_not_explain_its_response_is_flagged_and_training_skips_it(
    store: RecordStore, tmp_path: Path
) -> None:
    explained = suggestion("E-1", 0, "peer_response")  # -> co_response, with the risk that calls for it
    unexplained = suggestion("E-2", 30, "peer_response")  # -> co_response, risk left "low": no label says why
    fill(store, [explained, unexplained], [review(explained, "co_response", violence_risk="elevated"),
                                           review(unexplained, "co_response")])
    result = export_reviews(store, tmp_path / "r.csv", policy=POLICY)
    assert (result.exported, result.unexplained) == (2, 1)
    frame = pd.read_csv(result.path, dtype=str, keep_default_na=False).set_index("id")
    assert frame.loc[explained.suggestion_id, "labels_explain_response"] == "True"
    row = frame.loc[unexplained.suggestion_id]
    assert (row.labels_explain_response, row.response_model, row.violence_risk) == ("False", "co_response", "low")
    from call_nlp.data import load_training_data

    loaded = load_training_data([result.path])
    assert list(loaded.frame["id"]) == [explained.suggestion_id]
    assert loaded.sources[0].kinds == {"labeled": 1, "weak": 0, "superseded": 0, "unexplained": 1, "skipped": 0}
