"""``call-nlp behavioral``: print the behavioural report for a model (exit 0; 2 if it cannot load)."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Sequence
from pathlib import Path

from call_nlp import defaults
from call_nlp.artifact import ModelLoadError
from call_nlp.behavioral.runner import all_cases, format_report, run_suite
from call_nlp.policy import PolicyError
from call_nlp.triage import Triager

log = logging.getLogger("call_nlp.behavioral")



def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="call-nlp behavioral", description=__doc__)
    parser.add_argument("--model", type=Path, default=defaults.MODEL_DIR, help="model directory (default: %(default)s)")
    parser.add_argument("--policy", type=Path, default=defaults.POLICY_PATH, help="policy file (default: %(default)s)")
    parser.add_argument("--max-failures", type=int, default=None, help="list at most this many failures (default: all)")
    parser.add_argument(
        "--only", action="append", metavar="PREFIX", help="run only groups starting with PREFIX (repeatable), e.g. dir."
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        triager = Triager.load(args.model, args.policy)
    except (ModelLoadError, PolicyError, OSError) as exc:
        log.error("cannot run the behavioural suite: %s", exc)
        return 2
    except (AttributeError, ImportError) as exc:  # a pickle from another version of the code
        log.error(
            "cannot run the behavioural suite: %s was saved by different code (%s); retrain with `make train`",
            args.model,
            exc,
        )
        return 2
    cases = [c for c in all_cases() if not args.only or c.group.startswith(tuple(args.only))]
    if not cases:
        parser.error(f"no group starts with {args.only}")
    print(format_report(run_suite(triager, cases), max_failures=args.max_failures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
