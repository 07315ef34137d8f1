"""The training-data contract: every problem is named with file, row and field."""

from pathlib import Path

import pandas as pd
import pytest

from call_nlp.data import DataValidationError, load_dataset
from tests.conftest import write_csv

GOOD = {"id": "A1", "text": "RP STATES SUBJ HEARING VOICES", "crisis_type": "psychosis", "violence_risk": "low"}


def _error(paths: list[Path], labeled: bool = True) -> str:
    with pytest.raises(DataValidationError) as info:
        load_dataset(paths, labeled=labeled)
    return str(info.value)


def test_data_loads_valid_csv_and_keeps_metadata(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "n.csv", [{**GOOD, "district": "North"}, {**GOOD, "id": "A2"}])
    ds = load_dataset([path])
    assert list(ds.frame["id"]) == ["A1", "A2"]
    assert list(ds.frame["district"].fillna("")) == ["North", ""]
    assert ds.sources[0].rows == 2 and len(ds.sources[0].sha256) == 64


def test_data_loads_parquet(tmp_path: Path) -> None:
    path = tmp_path / "n.parquet"
    pd.DataFrame([GOOD]).to_parquet(path)
    assert load_dataset([path]).frame.loc[0, "crisis_type"] == "psychosis"


def test_data_missing_column_is_named(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "n.csv", [{k: v for k, v in GOOD.items() if k != "violence_risk"}])
    message = _error([path])
    assert "n.csv" in message and "missing column(s) ['violence_risk']" in message


def test_data_unknown_label_names_row_field_and_value(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "n.csv", [GOOD, {**GOOD, "id": "A2", "violence_risk": "high"}])
    message = _error([path])
    assert "row 2: field 'violence_risk' has unknown label 'high'" in message
    assert "'imminent'" in message  # says what is allowed


def test_data_unknown_response_model_is_reported(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "n.csv", [{**GOOD, "response_model": "police_only"}])
    assert "field 'response_model' has unknown label 'police_only'" in _error([path])


def test_data_empty_text_is_reported_not_dropped(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "n.csv", [GOOD, {**GOOD, "id": "A2", "text": "   "}])
    assert "row 2: field 'text' is empty" in _error([path])


def test_data_duplicate_id_names_both_rows(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "n.csv", [GOOD, {**GOOD, "text": "other"}])
    assert "row 2: field 'id' duplicates 'A1' first seen at row 1" in _error([path])


def test_data_duplicate_id_across_files_names_both_files(tmp_path: Path) -> None:
    a = write_csv(tmp_path / "a.csv", [GOOD])
    b = write_csv(tmp_path / "b.csv", [GOOD])
    message = _error([a, b])
    assert "b.csv: row 1: field 'id' 'A1' already used in" in message and "a.csv: row 1" in message


def test_data_reports_every_problem_at_once(tmp_path: Path) -> None:
    rows = [{**GOOD, "id": f"A{i}", "crisis_type": "nope"} for i in range(3)]
    with pytest.raises(DataValidationError) as info:
        load_dataset([write_csv(tmp_path / "n.csv", rows)])
    assert len(info.value.problems) == 3


def test_data_missing_and_unsupported_files_are_named(tmp_path: Path) -> None:
    assert "file not found" in _error([tmp_path / "absent.csv"])
    other = tmp_path / "n.xlsx"
    other.write_text("x")
    assert "unsupported file type '.xlsx'" in _error([other])


def test_data_unlabeled_notes_need_only_id_and_text(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "n.csv", [{"id": "1", "text": "MAN ASLEEP AT BUS STOP"}])
    assert load_dataset([path], labeled=False).frame.loc[0, "text"] == "MAN ASLEEP AT BUS STOP"
    assert "missing column(s) ['crisis_type', 'violence_risk']" in _error([path])
