"""Run the behavioural cases against a triager and report pass rates per group and test type."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from call_nlp.behavioral.case import GROUPS, LABEL_KEYS, TEST_TYPES, Case, judge
from call_nlp.behavioral.directional import dir_cases
from call_nlp.behavioral.invariance import inv_cases
from call_nlp.behavioral.minimum import mft_cases
from call_nlp.triage import Suggestion

#: Minimum pass rate per test type over its *statistical* groups: a trained model clears
#: these, a model stuck on one label or one that ignores its input does not. Guarantee and
#: strict groups are judged case by case (100%), not against a floor.
FLOORS: dict[str, float] = {"MFT": 0.6, "INV": 0.8, "DIR": 0.8}
BATCH_SIZE = 512


class SupportsTriage(Protocol):
    def triage_many(self, texts: Sequence[str]) -> list[Suggestion]: ...


def all_cases() -> list[Case]:
    """The whole suite: MFT, then INV, then DIR cases."""
    return [*mft_cases(), *inv_cases(), *dir_cases()]


@dataclass(frozen=True)
class Outcome:
    case: Case
    passed: bool
    expected: dict[str, str]
    got: dict[str, str]


@dataclass(frozen=True)
class Rate:
    passed: int
    total: int

    @property
    def rate(self) -> float:
        return self.passed / self.total if self.total else 1.0


@dataclass(frozen=True)
class SuiteResult:
    outcomes: tuple[Outcome, ...]
    model: str

    def _rate(self, outcomes: Sequence[Outcome]) -> Rate:
        return Rate(sum(o.passed for o in outcomes), len(outcomes))

    @property
    def by_group(self) -> dict[str, Rate]:
        """Pass rate of every group that has cases, in the order of ``GROUPS``."""
        return {
            g: self._rate([o for o in self.outcomes if o.case.group == g])
            for g in GROUPS
            if any(o.case.group == g for o in self.outcomes)
        }

    @property
    def by_type(self) -> dict[str, Rate]:
        """Pass rate per test type (MFT, INV, DIR) over all of its groups."""
        return {
            t: self._rate([o for o in self.outcomes if o.case.test_type == t])
            for t in TEST_TYPES
            if any(o.case.test_type == t for o in self.outcomes)
        }

    @property
    def statistical_by_type(self) -> dict[str, Rate]:
        """Pass rate per test type over its statistical groups only (what ``FLOORS`` applies to)."""
        rates = {}
        for t in TEST_TYPES:
            outcomes = [o for o in self.outcomes if o.case.test_type == t and o.case.tier == "statistical"]
            if outcomes:
                rates[t] = self._rate(outcomes)
        return rates

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.passed]

    def outcome(self, name: str) -> Outcome:
        return next(o for o in self.outcomes if o.case.name == name)

    def below_floor(self, floors: Mapping[str, float] = FLOORS) -> list[str]:
        """Test types whose statistical pass rate is under its floor, e.g. ``['MFT 0.31 < 0.60']``."""
        return [
            f"{t} {r.rate:.2f} < {floors[t]:.2f}"
            for t, r in self.statistical_by_type.items()
            if t in floors and r.rate < floors[t]
        ]


def _labels(s: Suggestion) -> dict[str, str]:
    return {"crisis_type": s.crisis_type.label, "violence_risk": s.violence_risk.label, "response_model": s.response_model}


def _describe(s: Suggestion) -> str:
    info = getattr(s, "model", None)
    if info is None:
        return "unknown model"
    return f"model {info.version} ({info.sha256[:12]}), policy {info.policy_version}"


def run_suite(triager: SupportsTriage, cases: Sequence[Case] | None = None, batch_size: int = BATCH_SIZE) -> SuiteResult:
    """Triage every note the cases need (each once, in batches) and judge every case."""
    cases = all_cases() if cases is None else list(cases)
    texts = list(dict.fromkeys(t for c in cases for t in (c.base, c.text) if t is not None))
    suggestions: list[Suggestion] = []
    for start in range(0, len(texts), batch_size):
        suggestions += triager.triage_many(texts[start : start + batch_size])
    labels = {t: _labels(s) for t, s in zip(texts, suggestions, strict=True)}
    outcomes = []
    for case in cases:
        got = labels[case.text]
        passed, expected = judge(case, got, labels[case.base] if case.base is not None else None)
        outcomes.append(Outcome(case, passed, expected, dict(got)))
    return SuiteResult(tuple(outcomes), _describe(suggestions[0]) if suggestions else "no notes")


def _fmt_labels(labels: Mapping[str, str]) -> str:
    return ", ".join(f"{k}={labels[k]}" for k in LABEL_KEYS if k in labels)


def format_report(result: SuiteResult, max_failures: int | None = None, floors: Mapping[str, float] = FLOORS) -> str:
    """Pass rates per test type and per group, floor status, then every failure."""
    lines = [f"call_nlp behavioural suite: {result.model}, {len(result.outcomes)} cases", "", "By test type"]
    stat = result.statistical_by_type
    for t, r in result.by_type.items():
        extra = f"   statistical groups {stat[t].rate:6.1%} (floor {floors[t]:.0%})" if t in stat and t in floors else ""
        lines.append(f"  {t:<4} {r.passed:>4}/{r.total:<4} {r.rate:6.1%}{extra}")
    lines += ["", "By group"]
    width = max(len(g) for g in GROUPS)
    for g, r in result.by_group.items():
        tier = GROUPS[g].tier
        mark = "" if tier == "statistical" else f"  [{tier}: every case must pass]"
        lines.append(f"  {g:<{width}} {r.passed:>4}/{r.total:<4} {r.rate:6.1%}{mark}")
    below = result.below_floor(floors)
    broken = [g for g, r in result.by_group.items() if GROUPS[g].tier != "statistical" and r.passed < r.total]
    lines += ["", f"Floors: {'below: ' + '; '.join(below) if below else 'all statistical test types at or above floor'}"]
    if broken:
        lines.append(f"Guarantee/strict groups with failures: {', '.join(broken)}")
    failures = result.failures
    lines += ["", f"Failures ({len(failures)})"]
    shown = failures if max_failures is None else failures[:max_failures]
    for o in shown:
        lines.append(f"  - {o.case.name} [{o.case.test_type}, {o.case.tier}]")
        lines.append(f"      expected: {_fmt_labels(o.expected)}")
        lines.append(f"      got:      {_fmt_labels(o.got)}")
        if o.case.base is not None:
            lines.append(f"      base:     {o.case.base}")
        lines.append(f"      note:     {o.case.text}")
    if len(shown) < len(failures):
        lines.append(f"  ... {len(failures) - len(shown)} more")
    return "\n".join(lines)
