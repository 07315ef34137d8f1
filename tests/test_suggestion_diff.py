"""The comparison script that says whether a change left suggestions alone."""

from __future__ import annotations

import json
from pathlib import Path

from call_nlp.suggestion_diff import compare, main


def _dump(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


ROW = {"row": 1, "response_model": "co_response", "needs_review": False,
       "cues": [["weapon", "knife", "affirmed", [[0, 5]]]],
       "crisis_type": {"label": "psychosis", "probabilities": {"psychosis": 0.7, "not_behavioral": 0.3}}}


def test_probabilities_within_the_tolerance_agree_and_beyond_it_differ(tmp_path: Path) -> None:
    before = _dump(tmp_path / "a.jsonl", [ROW])
    close = {**ROW, "crisis_type": {"label": "psychosis", "probabilities": {"psychosis": 0.7 + 4e-7, "not_behavioral": 0.3}}}
    far = {**ROW, "crisis_type": {"label": "psychosis", "probabilities": {"psychosis": 0.7 + 5e-6, "not_behavioral": 0.3}}}
    assert compare(before, _dump(tmp_path / "b.jsonl", [close])) == []
    assert compare(before, _dump(tmp_path / "c.jsonl", [far])) == [
        "row 1: crisis_type.probabilities.psychosis: 0.7 -> 0.700005"]


def test_a_changed_label_review_flag_or_cue_span_is_named_and_fails(tmp_path: Path, capsys) -> None:
    before = _dump(tmp_path / "a.jsonl", [ROW])
    changed = {**ROW, "needs_review": True, "cues": [["weapon", "knife", "affirmed", [[0, 6]]]]}
    after = _dump(tmp_path / "b.jsonl", [changed])
    assert compare(before, after) == ["row 1: cues: [['weapon', 'knife', 'affirmed', [[0, 5]]]] -> "
                                      "[['weapon', 'knife', 'affirmed', [[0, 6]]]]",
                                      "row 1: needs_review: False -> True"]
    assert main(["compare", str(before), str(after)]) == 1
    assert "2 difference(s)" in capsys.readouterr().out
    assert main(["compare", str(before), str(before)]) == 0
    assert compare(before, _dump(tmp_path / "c.jsonl", [ROW, ROW])) == ["1 suggestions before, 2 after"]
