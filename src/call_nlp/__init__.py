"""call_nlp: triage suggestions for 911 behavioral-health calls, for a person to review."""

__version__ = "0.1.0"
