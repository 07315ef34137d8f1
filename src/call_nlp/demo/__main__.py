"""``python -m call_nlp.demo OUT_DIR [--n N] [--seed SEED]``: write OUT_DIR/notes.csv."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from call_nlp.demo.corpus import DEFAULT_N, DEFAULT_SEED, write_corpus


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m call_nlp.demo", description="Write the synthetic demo corpus.")
    parser.add_argument("out_dir", type=Path, nargs="?", default=Path("data/demo"))
    parser.add_argument("--n", type=int, default=DEFAULT_N)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    path = write_corpus(args.out_dir, n=args.n, seed=args.seed)
    sys.stdout.write(f"{path}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
