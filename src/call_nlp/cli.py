"""The ``call-nlp`` command: demo-data, train, predict, evaluate, serve."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from call_nlp.artifact import ModelLoadError
from call_nlp.config import DEFAULT_CONFIG_PATH, ConfigError, load_config
from call_nlp.data import DataValidationError, load_dataset
from call_nlp.policy import PolicyError

log = logging.getLogger("call_nlp")

DEFAULT_MODEL_DIR = Path("models/current")
DEFAULT_POLICY = Path("serve/policy.yaml")
PREDICT_COLUMNS = (
    "id", "crisis_type", "crisis_type_confidence", "violence_risk", "violence_risk_confidence",
    "response_model", "needs_review", "cues",
)


def _demo_data(args: argparse.Namespace) -> int:
    from call_nlp.demo import write_corpus

    cfg = load_config(args.config)
    out = write_corpus(args.out or cfg.data.demo_dir, n=args.n or cfg.data.demo_notes, seed=args.seed or cfg.seed)
    log.info("wrote synthetic demo corpus to %s", out)
    return 0


def _train(args: argparse.Namespace) -> int:
    from call_nlp import train

    cfg = load_config(args.config)
    paths = args.data or cfg.data.default_paths
    if not args.data and not all(Path(p).exists() for p in paths):
        from call_nlp.demo import write_corpus

        log.info("no demo corpus yet: generating %d synthetic notes in %s", cfg.data.demo_notes, cfg.data.demo_dir)
        write_corpus(cfg.data.demo_dir, n=cfg.data.demo_notes, seed=cfg.seed)
    run_id = train.main(cfg, paths, policy_path=args.policy)
    print(f"MLflow run: {run_id}")
    return 0


def _predict(args: argparse.Namespace) -> int:
    import pandas as pd

    from call_nlp.triage import Triager

    notes = load_dataset([args.input], labeled=False).frame
    triager = Triager.load(args.model, args.policy)
    suggestions = triager.triage_many(notes["text"].tolist())
    out = pd.DataFrame(
        {
            "id": notes["id"],
            "crisis_type": [s.crisis_type.label for s in suggestions],
            "crisis_type_confidence": [s.crisis_type.confidence for s in suggestions],
            "violence_risk": [s.violence_risk.label for s in suggestions],
            "violence_risk_confidence": [s.violence_risk.confidence for s in suggestions],
            "response_model": [s.response_model for s in suggestions],
            "needs_review": [s.needs_review for s in suggestions],
            "cues": [";".join(c.label() for c in s.cues) for s in suggestions],
        },
        columns=list(PREDICT_COLUMNS),
    )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    out.to_csv(args.output, index=False)
    log.info("wrote %d suggestions to %s", len(out), args.output)
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from call_nlp.evaluation import compute_metrics, format_summary, predictions_frame
    from call_nlp.triage import Triager

    gold = load_dataset([args.labeled]).frame
    triager = Triager.load(args.model, args.policy)
    predicted = predictions_frame(triager.triage_many(gold["text"].tolist()))
    print(f"model {triager.info.version} (run {triager.info.run_id}) on {args.labeled}")
    print(format_summary(compute_metrics(gold, predicted)))
    return 0


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from call_nlp.api.settings import Settings

    if args.host:  # the app reads its settings itself: it must see the interface it is served on
        os.environ["CALL_NLP_HOST"] = args.host
    settings = Settings()
    # One worker: several workers left TCP_NODELAY off and added ~48 ms a request (uvicorn #3149).
    uvicorn.run(
        "call_nlp.api.main:create_app",
        factory=True,
        host=args.host or settings.host,
        port=args.port or settings.port,
        workers=1,
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="call-nlp", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("demo-data", help="write the synthetic demo corpus")
    p.add_argument("--config", type=Path, default=DEFAULT_CONFIG_PATH)
    p.add_argument("--out", type=Path, help="output folder (default: data.demo_dir of the config)")
    p.add_argument("--n", type=int, help="number of notes (default: data.demo_notes of the config)")
    p.add_argument("--seed", type=int, help="seed (default: the config's seed)")
    p.set_defaults(func=_demo_data)

    p = sub.add_parser("train", help="train, evaluate and record a model")
    p.add_argument("--config", type=Path, default=DEFAULT_CONFIG_PATH)
    p.add_argument("--data", type=Path, nargs="+", help="labeled CSV/Parquet file(s) (default: the demo corpus)")
    p.add_argument("--policy", type=Path, default=DEFAULT_POLICY)
    p.set_defaults(func=_train)

    p = sub.add_parser("predict", help="suggest for every note of a CSV (id, text)")
    p.add_argument("input", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True)
    p.add_argument("--model", type=Path, default=DEFAULT_MODEL_DIR)
    p.add_argument("--policy", type=Path, default=DEFAULT_POLICY)
    p.set_defaults(func=_predict)

    p = sub.add_parser("evaluate", help="score the model on a labeled file")
    p.add_argument("labeled", type=Path)
    p.add_argument("--model", type=Path, default=DEFAULT_MODEL_DIR)
    p.add_argument("--policy", type=Path, default=DEFAULT_POLICY)
    p.set_defaults(func=_evaluate)

    p = sub.add_parser("serve", help="run the HTTP API (settings from CALL_NLP_* variables)")
    p.add_argument("--host", help="interface to bind (default: CALL_NLP_HOST or 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (default: CALL_NLP_PORT or 8000)")
    p.set_defaults(func=_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        datefmt="%H:%M:%S",
    )
    try:
        return int(args.func(args))
    except (DataValidationError, ConfigError, PolicyError, ModelLoadError) as exc:
        print(f"call-nlp {args.command}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
