"""The scripted run: synthetic calls through the in-process app, reviewed, then the audit report."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from call_nlp.feedback.demo_run import growth, main


def test_demo_run_growth_ends_with_the_whole_note() -> None:
    note = "RP STATES SON OFF MEDS. HEARING VOICES, PACING. **UPD** RP NOW STATES HE HAS A KNIFE"
    seen = {tuple(growth(note, random.Random(seed))) for seed in range(50)}
    assert all(sends[-1] == note for sends in seen)
    assert all(note.startswith(prefix) for sends in seen for prefix in sends)
    assert any(len(sends) > 1 for sends in seen) and any(len(sends) == 1 for sends in seen)


def test_demo_run_prints_the_audit_report(
    trained_model_dir: Path, policy_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--calls", "12", "--model", str(trained_model_dir), "--policy", str(policy_path), "--keep", str(tmp_path)]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith("simulated: 12 calls, ")
    assert "Audit report: all recorded suggestions" in out
    assert re.search(r"^distinct calls +12$", out, re.MULTILINE)
    assert "By district" in out
    assert (tmp_path / "records.db").is_file()


def test_demo_run_without_a_model_says_how_to_get_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--calls", "5", "--model", str(tmp_path)]) == 2
    assert "make train" in capsys.readouterr().err


def test_demo_run_is_bounded() -> None:
    with pytest.raises(SystemExit):
        main(["--calls", "100000"])
