"""Training files may be partial, or a CAD export with call types: every row is accounted for."""

from pathlib import Path

import pandas as pd
import pytest

from call_nlp.call_types import CallTypeMap
from call_nlp.data import DataValidationError, load_training_data
from tests.conftest import write_csv

MAP = CallTypeMap(version="t", codes={"OD": "substance_use", "FIRE ALARM": "not_behavioral", "EDP": None})
LABELED = [
    {"id": "L1", "text": "RP STATES SUBJ HEARING VOICES", "crisis_type": "psychosis", "violence_risk": "low",
     "response_model": "ems_clinician"},
    {"id": "L2", "text": "SUBJ HAS A KNIFE, YELLING", "crisis_type": "family_conflict", "violence_risk": "imminent",
     "response_model": "co_response"},
]
EXPORT = [
    {"id": "X1", "text": "POSS OD IN BATHROOM", "call_type": "od"},
    {"id": "X2", "text": "ALARM CO ON SCENE", "call_type": "FIRE ALARM"},
    {"id": "X3", "text": "SUBJ YELLING AT CARS", "call_type": "EDP"},  # mapped to nothing
    {"id": "X4", "text": "LOUD PARTY", "call_type": "NOISE 2"},  # not in the map
]


def _error(*args: object, **kwargs: object) -> str:
    with pytest.raises(DataValidationError) as info:
        load_training_data(*args, **kwargs)  # type: ignore[arg-type]
    return str(info.value)


def test_an_export_gets_weak_crisis_types_and_every_row_is_counted(tmp_path: Path) -> None:
    export = write_csv(tmp_path / "export.csv", EXPORT)
    labeled = write_csv(tmp_path / "labeled.csv", LABELED)
    ds = load_training_data([labeled, export], MAP)
    frame = ds.frame.set_index("id")
    assert list(frame.index) == ["L1", "L2", "X1", "X2"]  # X3, X4 have nothing to train on
    assert frame.loc["X1", "crisis_type"] == "substance_use" and bool(frame.loc["X1", "weak"])
    assert frame.loc["X2", "violence_risk"] == "" and frame.loc["X2", "response_model"] == ""
    assert not frame.loc["L1", "weak"]
    source = ds.sources[1]
    assert source.rows == 4 and source.kinds == {"labeled": 0, "weak": 2, "superseded": 0, "unexplained": 0, "skipped": 2}
    assert source.call_types is not None
    assert (source.call_types["mapped"], source.call_types["none"], source.call_types["unmapped"]) == (2, 1, 1)
    assert source.call_types["unmapped_types"] == {"NOISE 2": 1}
    assert ds.sources[0].kinds == {"labeled": 2, "weak": 0, "superseded": 0, "unexplained": 0, "skipped": 0}
    assert ds.base_heads == ()


def test_an_own_label_wins_over_the_call_type_and_blanks_skip_one_head(tmp_path: Path) -> None:
    rows = [{"id": "A", "text": "POSS OD", "call_type": "OD", "crisis_type": "suicide_risk", "violence_risk": ""},
            {"id": "B", "text": "POSS OD", "call_type": "OD", "crisis_type": "", "violence_risk": "low"}]
    ds = load_training_data([write_csv(tmp_path / "a.csv", rows)], MAP, base_paths=[])
    frame = ds.frame.set_index("id")
    assert (frame.loc["A", "crisis_type"], bool(frame.loc["A", "weak"])) == ("suicide_risk", False)
    assert (frame.loc["B", "crisis_type"], bool(frame.loc["B", "weak"])) == ("substance_use", True)
    assert ds.sources[0].kinds == {"labeled": 2, "weak": 0, "superseded": 0, "unexplained": 0, "skipped": 0}  # B labels violence itself


def test_a_head_no_file_labels_is_trained_on_the_base_files_only(tmp_path: Path) -> None:
    base = write_csv(tmp_path / "base.csv", LABELED)
    ds = load_training_data([write_csv(tmp_path / "export.csv", EXPORT)], MAP, base_paths=[base])
    assert ds.base_heads == ("violence_risk",)
    rows = ds.frame[ds.frame["source"] == str(base)]
    assert list(rows["crisis_type"]) == ["", ""] and list(rows["violence_risk"]) == ["low", "imminent"]
    assert list(rows["response_model"]) == ["", ""]  # a base file lends one head's labels, nothing else
    assert tuple(ds.sources[1].heads) == ("violence_risk",)


def test_base_files_are_prepared_only_when_a_head_needs_them(tmp_path: Path) -> None:
    asked: list[list[Path]] = []
    base = write_csv(tmp_path / "base.csv", LABELED)
    load_training_data([write_csv(tmp_path / "l.csv", LABELED[:1] + [{**LABELED[1], "id": "L9"}])], MAP,
                       base_paths=[base], prepare_base=asked.append)
    assert asked == []
    load_training_data([write_csv(tmp_path / "e.csv", EXPORT)], MAP, base_paths=[base], prepare_base=asked.append)
    assert asked == [[base]]


def test_no_labels_anywhere_for_a_head_is_an_error_naming_it(tmp_path: Path) -> None:
    message = _error([write_csv(tmp_path / "export.csv", EXPORT)], MAP, base_paths=[])
    assert "no data file gives labels for ['violence_risk']" in message


def test_a_file_with_neither_labels_nor_call_types_is_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "notes.csv", [{"id": "1", "text": "x"}])
    assert "no label column (crisis_type, violence_risk) and no 'call_type' column" in _error([path], MAP)


def test_a_wrong_label_is_still_named_with_its_row(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", [LABELED[0], {**LABELED[1], "violence_risk": "high"}])
    assert "a.csv: row 2: field 'violence_risk' has unknown label 'high'" in _error([path], MAP)


def test_an_id_used_by_an_export_and_a_base_file_is_refused(tmp_path: Path) -> None:
    base = write_csv(tmp_path / "base.csv", [{**LABELED[0], "id": "X1"}, LABELED[1]])
    message = _error([write_csv(tmp_path / "export.csv", EXPORT)], MAP, base_paths=[base])
    assert "base.csv: row 1: field 'id' 'X1' already used in" in message


def test_files_with_and_without_response_model_mix(tmp_path: Path) -> None:
    without = [{k: v for k, v in row.items() if k != "response_model"} | {"id": row["id"] + "b"} for row in LABELED]
    ds = load_training_data([write_csv(tmp_path / "a.csv", LABELED), write_csv(tmp_path / "b.csv", without)], MAP)
    assert list(ds.frame["response_model"]) == ["ems_clinician", "co_response", "", ""]


def test_parquet_missing_labels_read_as_blank(tmp_path: Path) -> None:
    path = tmp_path / "a.parquet"
    pd.DataFrame([{**LABELED[0], "violence_risk": None}, LABELED[1]]).to_parquet(path)
    ds = load_training_data([path], MAP)
    assert list(ds.frame["violence_risk"]) == ["", "imminent"]


def test_a_note_labeled_from_the_queue_replaces_its_weak_row(tmp_path: Path) -> None:
    export = write_csv(tmp_path / "export.csv", EXPORT)
    labeled = write_csv(tmp_path / "to_label.csv", [
        {"id": "X1", "text": "POSS OD IN BATHROOM", "crisis_type": "suicide_risk", "violence_risk": "low"},
        {"id": "X3", "text": "SUBJ YELLING AT CARS", "crisis_type": "psychosis", "violence_risk": "elevated"},
    ])
    ds = load_training_data([export, labeled], MAP)
    frame = ds.frame.set_index("id")
    assert list(frame.index) == ["X2", "X1", "X3"]  # X1's weak row gave way; X3's export row had no label
    assert (frame.loc["X1", "crisis_type"], bool(frame.loc["X1", "weak"])) == ("suicide_risk", False)
    assert ds.sources[0].kinds == {"labeled": 0, "weak": 1, "superseded": 1, "unexplained": 0, "skipped": 2}


def test_an_id_labeled_in_two_files_is_refused_naming_both_rows(tmp_path: Path) -> None:
    first = write_csv(tmp_path / "a.csv", LABELED)
    second = write_csv(tmp_path / "b.csv", [LABELED[1], {**LABELED[0], "id": "L3"}])
    assert "b.csv: row 1: field 'id' 'L2' already used in " + str(first) + ": row 2" in _error([first, second], MAP)
    weak = write_csv(tmp_path / "c.csv", [EXPORT[0]])
    assert "field 'id' 'X1' already used in" in _error([write_csv(tmp_path / "d.csv", EXPORT), weak], MAP)


def test_a_labeled_file_with_call_types_and_no_blank_label_loads(tmp_path: Path) -> None:
    rows = [{**row, "call_type": "OD"} for row in LABELED]  # every row labeled: no call type is read
    ds = load_training_data([write_csv(tmp_path / "a.csv", rows)], MAP)
    assert not ds.frame["weak"].any() and ds.sources[0].call_types["mapped"] == 0


def test_the_agencys_gold_labels_can_weigh_more_than_the_demo_corpus(tmp_path: Path) -> None:
    import numpy as np

    from call_nlp.data import WEAK_COLUMN, Dataset
    from call_nlp.training_rows import agency_files, weights

    demo_dir = tmp_path / "demo"
    frame = pd.DataFrame({
        "crisis_type": ["psychosis", "psychosis", "suicide_risk", ""],
        "violence_risk": ["low", "", "elevated", "low"],
        WEAK_COLUMN: [False, True, False, False],
        "source": [str(demo_dir / "notes.csv"), "export.csv", "labeled.csv", "labeled.csv"],
    })
    sources = [type("S", (), {"path": p})() for p in (str(demo_dir / "notes.csv"), "export.csv", "labeled.csv", "base.csv")]
    dataset = Dataset(frame=frame, sources=sources)  # type: ignore[arg-type]
    agency = agency_files(dataset, demo_dir, [Path("base.csv")])
    assert agency == {"export.csv", "labeled.csv"}  # not the demo corpus, not a base file
    assert np.array_equal(weights(frame, 0.5), [[1, 1], [0.5, 1], [1, 1], [1, 1]])  # the default: as before
    assert np.array_equal(weights(frame, 0.5, 4.0, agency), [[1, 1], [0.5, 1], [4, 4], [1, 4]])  # weak stays weak
