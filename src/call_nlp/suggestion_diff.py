"""Are the suggestions unchanged? Dump every suggestion for a set of notes, change the code, dump
again, and compare: the same labels, ``needs_review``, rule, medical needs, cues (with their
spans) and reasons, and each probability within a tolerance (1e-6 by default).

For a change meant to leave answers alone (a faster path, a refactor), on the same trained model:

    git stash && call-nlp suggestion-diff dump notes.csv before.jsonl && git stash pop
    call-nlp suggestion-diff dump notes.csv after.jsonl
    call-nlp suggestion-diff compare before.jsonl after.jsonl

``notes.csv`` is any file with a ``text`` column (the demo corpus, one of our held-out sets); the
dump holds no note text, only ids (the row number) and what was suggested. Exit status 1 when any
suggestion differs, each difference named by row and field.
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from call_nlp import defaults

#: Probabilities may differ by this much (the serving form against the estimator: the issue's 1e-6).
TOLERANCE = 1e-6
#: Notes per triage_many call while dumping.
CHUNK = 1000


def suggestion_fields(suggestion: Any) -> dict[str, Any]:
    """Everything a suggestion shows, as JSON-ready values (no note text)."""
    return {
        "response_model": suggestion.response_model,
        "needs_review": suggestion.needs_review,
        "rule": suggestion.rule,
        "medical_needs": list(suggestion.medical_needs),
        "reasons": list(suggestion.reasons),
        "cues": [[c.kind, c.concept, c.status, [list(p) for p in c.places()]] for c in suggestion.cues],
        **{
            head: {"label": h.label, "confidence": h.confidence, "overridden": h.overridden,
                   "probabilities": dict(h.probabilities)}
            for head, h in (("crisis_type", suggestion.crisis_type), ("violence_risk", suggestion.violence_risk))
        },
    }


def dump(notes: Path, out: Path, model: Path | str, policy: Path) -> int:
    """Write one JSON line per note of ``notes`` (its row number and suggestion); the count."""
    import pandas as pd

    from call_nlp.triage import Triager

    triager = Triager.load(model, policy)
    texts = pd.read_csv(notes, dtype=str, keep_default_na=False)["text"].tolist()
    with out.open("w", encoding="utf-8") as f:
        for start in range(0, len(texts), CHUNK):
            for i, s in enumerate(triager.triage_many(texts[start:start + CHUNK]), start=start):
                f.write(json.dumps({"row": i + 1, **suggestion_fields(s)}) + "\n")
    return len(texts)


def differences(before: dict[str, Any], after: dict[str, Any], tolerance: float = TOLERANCE,
                path: str = "") -> Iterator[str]:
    """Each field that differs, as ``path: before -> after``; numbers within ``tolerance`` agree."""
    if isinstance(before, dict) and isinstance(after, dict):
        for key in sorted(set(before) | set(after)):
            if key not in before or key not in after:
                yield f"{path}{key}: only in {'after' if key not in before else 'before'}"
            else:
                yield from differences(before[key], after[key], tolerance, f"{path}{key}.")
    elif _number(before) and _number(after) and (isinstance(before, float) or isinstance(after, float)):
        if not math.isclose(before, after, rel_tol=0.0, abs_tol=tolerance):
            yield f"{path.rstrip('.')}: {before!r} -> {after!r}"
    elif before != after:
        yield f"{path.rstrip('.')}: {before!r} -> {after!r}"


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def compare(before: Path, after: Path, tolerance: float = TOLERANCE) -> list[str]:
    """Every difference between two dumps, by row; empty when the suggestions are unchanged."""
    old, new = _read(before), _read(after)
    problems = [f"{len(old)} suggestions before, {len(new)} after"] if len(old) != len(new) else []
    for a, b in zip(old, new, strict=False):
        problems += [f"row {a['row']}: {d}" for d in differences(a, b, tolerance)]
    return problems


def _read(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="call-nlp suggestion-diff", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump", help="write the suggestions for a file of notes as JSON lines")
    d.add_argument("notes", type=Path)
    d.add_argument("out", type=Path)
    d.add_argument("--model", default=str(defaults.MODEL_DIR))
    d.add_argument("--policy", type=Path, default=defaults.POLICY_PATH)
    c = sub.add_parser("compare", help="compare two dumps; exit 1 when any suggestion differs")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    c.add_argument("--tolerance", type=float, default=TOLERANCE)
    args = parser.parse_args(argv)
    if args.command == "dump":
        print(f"{dump(args.notes, args.out, args.model, args.policy)} suggestions written to {args.out}")
        return 0
    problems = compare(args.before, args.after, args.tolerance)
    for line in problems[:50]:
        print(line)
    if len(problems) > 50:
        print(f"... and {len(problems) - 50} more")
    print("unchanged" if not problems else f"{len(problems)} difference(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
