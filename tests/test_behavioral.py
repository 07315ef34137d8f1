"""Behavioural suite (CheckList MFT/INV/DIR) against the tiny session model.

Weapon directions are guaranteed by a rule in code and demographic invariance is
required outright: both are asserted case by case. The rest are model properties,
checked against a floor that a degenerate triager must fail.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from call_nlp.behavioral import GROUPS, Outcome, SuiteResult, all_cases, format_report, run_suite
from call_nlp.behavioral.__main__ import main
from call_nlp.behavioral.case import LABEL_KEYS
from call_nlp.behavioral.runner import SupportsTriage
from call_nlp.labels import LABELS
from call_nlp.triage import Suggestion, Triager

CASES = all_cases()
GUARANTEED = [c.name for c in CASES if c.tier == "guarantee"]
DEMOGRAPHIC = [c.name for c in CASES if c.group == "inv.demographic"]


@pytest.fixture(scope="module")
def suite(triager: Triager) -> SuiteResult:
    result = run_suite(triager)
    print("\n" + format_report(result))  # rates per type and group, then failures (visible with -s)
    return result


def _explain(o: Outcome) -> str:
    return f"{o.case.name}: expected {o.expected}, got {o.got}\n  base: {o.case.base}\n  note: {o.case.text}"


class ConstantTriager:
    """Degenerate: the same suggestion for every note (a model stuck on one label)."""

    def __init__(self, triager: Triager, note: str) -> None:
        self.fixed = triager.triage(note)

    def triage_many(self, texts: Sequence[str]) -> list[Suggestion]:
        return [self.fixed] * len(texts)


class InputIgnoringTriager:
    """Degenerate: real suggestions, but each for another note of the batch."""

    def __init__(self, triager: Triager) -> None:
        self.triager = triager

    def triage_many(self, texts: Sequence[str]) -> list[Suggestion]:
        shifted = [*texts[7:], *texts[:7]]
        return self.triager.triage_many(shifted)


def test_behavioral_cases_are_well_formed() -> None:
    assert len({c.name for c in CASES}) == len(CASES)
    assert {c.group for c in CASES} == set(GROUPS)
    for c in CASES:
        if c.test_type == "MFT":
            assert c.expected and c.base is None, c.name
            for key, label in c.expected.items():
                assert label in LABELS[key], c.name
        else:
            assert c.base is not None and c.base != c.text, c.name
        assert (c.direction is not None) == (c.test_type == "DIR"), c.name


def test_behavioral_report_covers_every_group(suite: SuiteResult) -> None:
    assert set(suite.by_group) == set(GROUPS)
    assert set(suite.by_type) == {"MFT", "INV", "DIR"}
    report = format_report(suite)
    for group, rate in suite.by_group.items():
        assert 0.0 <= rate.rate <= 1.0
        assert rate.total == sum(c.group == group for c in CASES)
        assert group in report
    for failure in suite.failures:
        assert failure.case.name in report
        assert set(failure.got) == set(LABEL_KEYS)


@pytest.mark.parametrize("name", GUARANTEED)
def test_behavioral_weapon_direction_is_guaranteed(suite: SuiteResult, name: str) -> None:
    o = suite.outcome(name)
    assert o.passed, _explain(o)


@pytest.mark.parametrize("name", DEMOGRAPHIC)
def test_behavioral_demographic_descriptors_change_no_label(suite: SuiteResult, name: str) -> None:
    o = suite.outcome(name)
    assert o.passed, _explain(o)


def test_behavioral_statistical_groups_clear_the_floor(suite: SuiteResult) -> None:
    rates = suite.statistical_by_type
    print("\n" + "\n".join(f"{t} statistical groups {r.passed}/{r.total} = {r.rate:.3f}" for t, r in rates.items()))
    assert suite.below_floor() == []


DEGENERATE: dict[str, Callable[[Triager], SupportsTriage]] = {
    "constant-peer": lambda t: ConstantTriager(t, "CRYING, JUST LOST JOB, WANTS SOMEONE TO TALK TO, NO WEAPONS"),
    "constant-weapon": lambda t: ConstantTriager(t, "SUBJ HAS A KNIFE IN HAND, HEARING VOICES"),
    "ignores-input": InputIgnoringTriager,
}


@pytest.mark.parametrize("kind", DEGENERATE)
def test_behavioral_degenerate_triager_fails_the_floor(triager: Triager, kind: str) -> None:
    result = run_suite(DEGENERATE[kind](triager), [c for c in CASES if c.tier == "statistical"])
    below = result.below_floor()
    print(f"\n{kind}: below floor {below}")
    assert below, "a degenerate triager must not clear the floor"


def test_behavioral_cli_prints_report(
    trained_model_dir: Path, policy_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--model", str(trained_model_dir), "--policy", str(policy_path), "--max-failures", "3", "--only", "mft."]
    code = main(args)
    out = capsys.readouterr().out
    assert code == 0
    assert "By test type" in out and "By group" in out and "Failures (" in out
    mft_groups = [g for g in GROUPS if g.startswith("mft.")]
    assert all(g in out for g in mft_groups) and "inv.typo" not in out


def test_behavioral_cli_missing_model_exits_2(tmp_path: Path, policy_path: Path) -> None:
    assert main(["--model", str(tmp_path / "none"), "--policy", str(policy_path)]) == 2
