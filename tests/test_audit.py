"""Pieces a training run records for auditors, on inline data: slices, calibration, redacted errors, gate rules."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from call_nlp.calibration import expected_calibration_error, reliability_table
from call_nlp.config import TrainConfig
from call_nlp.data import SourceInfo
from call_nlp.gate import decide
from call_nlp.language import load_lexicon
from call_nlp.misclassified import is_demo_data, misclassified
from call_nlp.slices import descriptor_groups, slice_report


def test_slices_descriptor_groups_read_shorthand_and_synonyms() -> None:
    groups = descriptor_groups(
        ["34YOM BLK, ONLY SPEAKS SPANISH", "RP STATES SHE IS MUSLIM", "UNK WEAPONS, CALLBACK 555-0100", "pt is deaf, uses ASL"],
        load_lexicon([]),
    )
    assert groups[0] == {"gender.male", "race.black", "language.spanish", "language.non_english"}
    assert groups[1] == {"gender.female", "religion.muslim"}
    assert groups[2] == set()
    assert groups[3] == {"language.sign_deaf"}


def test_slices_report_skips_small_slices_and_says_so() -> None:
    gold = pd.DataFrame({
        "id": [str(i) for i in range(6)],
        "text": ["HE HAS A KNIFE", "SHE IS CRYING", "HE IS DRUNK", "SHE IS CALM", "HE IS FINE", "MUSLIM MALE SHOUTING"],
        "crisis_type": ["family_conflict", "emotional_distress", "substance_use", "emotional_distress", "welfare_check",
                        "emotional_distress"],
        "violence_risk": ["imminent", "low", "low", "low", "low", "elevated"],
        "response_model": ["co_response", "peer_response", "peer_response", "peer_response", "peer_response", "co_response"],
        "district": ["North", "North", "North", "South", "South", "South"],
    })
    predicted = gold[["crisis_type", "violence_risk", "response_model"]].copy()
    predicted.loc[0, "response_model"] = "peer_response"  # an unsafe suggestion in North
    predicted["needs_review"] = False
    report = slice_report(gold, predicted, load_lexicon([]), min_size=3)
    rows = {r["slice"]: r for r in report.rows}
    assert rows["district.north"]["n"] == 3 and rows["district.north"]["unsafe_suggestions"] == 1
    assert rows["district.south"]["unsafe_suggestions"] == 0 and rows["gender.male"]["n"] == 4
    assert report.skipped == {"gender.female": 2, "religion.muslim": 1}


def test_calibration_ece_is_zero_when_confidence_matches_accuracy() -> None:
    confidence = np.array([0.95] * 20 + [0.55] * 20)
    correct = np.array([True] * 19 + [False] + [True] * 11 + [False] * 9)
    assert expected_calibration_error(reliability_table(confidence, correct, 10)) == pytest.approx(0.0)
    overconfident = reliability_table(np.full(10, 0.9), np.array([True] * 5 + [False] * 5), 10)
    assert expected_calibration_error(overconfident) == pytest.approx(0.4)


def test_misclassified_notes_are_redacted_and_demo_only_by_default(tmp_path: Path) -> None:
    gold = pd.DataFrame({"id": ["a", "b", "c"], "text": ["RP JOHN SMITH CALLBACK 555-010-0199 HAS KNIFE", "ok", "fine"],
                         "crisis_type": ["family_conflict", "welfare_check", "welfare_check"]})
    predicted = pd.DataFrame({"crisis_type": ["welfare_check", "welfare_check", "psychosis"],
                              "crisis_type_confidence": [0.6, 0.9, 0.8], "response_model": ["peer_response"] * 3})
    wrong = misclassified(gold, predicted, "crisis_type", limit=20)
    assert list(wrong["id"]) == ["c", "a"]  # most confident mistakes first
    assert "555" not in wrong.loc[1, "text"] and "[PHONE]" in wrong.loc[1, "text"]
    demo = tmp_path / "demo"
    assert is_demo_data([SourceInfo(str(demo / "notes.csv"), "x", 1)], demo)
    assert not is_demo_data([SourceInfo(str(demo / "notes.csv"), "x", 1), SourceInfo(str(tmp_path / "agency.csv"), "y", 1)], demo)


def test_gate_decide_rules(base_config: TrainConfig) -> None:
    cfg = base_config.gate
    champion = {"unsafe_suggestions": 5, "response_model.accuracy": 0.80}
    assert decide({"unsafe_suggestions": 9, "response_model.accuracy": 0.9}, None, cfg).promoted  # first model
    assert decide({"unsafe_suggestions": 5, "response_model.accuracy": 0.79}, champion, cfg).promoted
    more_unsafe = decide({"unsafe_suggestions": 6, "response_model.accuracy": 0.95}, champion, cfg, "3")
    assert not more_unsafe.promoted and "6 > 5" in more_unsafe.reason and "v3" in more_unsafe.reason
    less_accurate = decide({"unsafe_suggestions": 0, "response_model.accuracy": 0.77}, champion, cfg)
    assert not less_accurate.promoted and "accuracy" in less_accurate.reason
