"""The errors the ``call-nlp`` command reports as a one-line message (exit code 2) instead of
a stack trace. Each module raises its own; they live here, with no heavy imports, so that the
CLI can catch them without importing scikit-learn or pandas (``call-nlp --help`` stays instant).
"""

from __future__ import annotations


class ModelLoadError(RuntimeError):
    """The model directory is missing, incomplete or does not match its manifest."""


class ConfigError(ValueError):
    """The configuration file is missing or invalid; the message says which field."""


#: How many of a data file's problems the message lists (all are in ``problems``).
MAX_PROBLEMS_SHOWN = 20


class DataValidationError(ValueError):
    """A data file breaks the contract; ``problems`` lists each one with file, row and field."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = problems[:MAX_PROBLEMS_SHOWN]
        more = len(problems) - len(shown)
        lines = [f"{len(problems)} problem(s) in the data:", *(f"  - {p}" for p in shown)]
        if more:
            lines.append(f"  … and {more} more")
        super().__init__("\n".join(lines))


class PolicyError(ValueError):
    """The policy file is malformed; the message names the file, rule and field."""
