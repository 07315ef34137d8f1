"""CheckList-style behavioural suite: minimum functionality, invariance and directional cases.

Cases are short synthetic notes written here; they run against any object with
``triage_many`` (normally a :class:`call_nlp.triage.Triager`). ``python -m
call_nlp.behavioral`` prints the report; it is a report, not a gate.
"""

from call_nlp.behavioral.case import GROUPS, Case, Group
from call_nlp.behavioral.runner import FLOORS, Outcome, Rate, SuiteResult, all_cases, format_report, run_suite

__all__ = [
    "FLOORS",
    "GROUPS",
    "Case",
    "Group",
    "Outcome",
    "Rate",
    "SuiteResult",
    "all_cases",
    "format_report",
    "run_suite",
]
