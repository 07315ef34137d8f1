"""The ``call-nlp`` command, one for everything: demo-data, train, predict, queue, evaluate, serve,
export-reviews, audit-report; and bench, behavioral, demo-run, agency-loop and suggestion-diff,
whose modules parse their own arguments."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import call_nlp
from call_nlp import defaults, log_setup
from call_nlp.errors import ConfigError, DataValidationError, ModelLoadError, PolicyError

if TYPE_CHECKING:
    from call_nlp.api.settings import Settings
    from call_nlp.feedback.source import TimeRange

log = logging.getLogger("call_nlp")

PREDICT_COLUMNS = (
    "id", "crisis_type", "crisis_type_confidence", "violence_risk", "violence_risk_confidence",
    "response_model", "needs_review", "cues",
)


def _demo_data(args: argparse.Namespace) -> int:
    from call_nlp.config import load_config
    from call_nlp.demo import write_corpus

    cfg = load_config(args.config)
    out = write_corpus(args.out or cfg.data.demo_dir, n=args.n or cfg.data.demo_notes, seed=args.seed or cfg.seed)
    log.info("wrote synthetic demo corpus to %s", out)
    return 0


def _train(args: argparse.Namespace) -> int:
    from call_nlp.artifact import MANIFEST_FILE
    from call_nlp.config import load_config

    cfg = load_config(args.config)
    if args.if_missing and (Path(cfg.output.model_dir) / MANIFEST_FILE).is_file():
        log.info("a model is in %s already: not training (without --if-missing, a new one is trained)", cfg.output.model_dir)
        return 0
    from call_nlp import train

    run_id = train.main(cfg, args.data or cfg.data.default_paths, policy_path=args.policy)
    print(f"MLflow run: {run_id}")
    return 0


def _predict(args: argparse.Namespace) -> int:
    if args.engine == "spark":
        return _predict_on_spark(args)
    from call_nlp.predict import run

    written = run(args.input, args.output, args.model, args.policy, jobs=args.jobs, chunk_size=args.chunk_size)
    log.info("wrote %d suggestions to %s", written, args.output)
    return 0


def _predict_on_spark(args: argparse.Namespace) -> int:
    """The same suggestions, on Spark, through the registered model (`spark_predict`)."""
    from call_nlp.registry import is_model_uri

    model = defaults.CHAMPION_URI if Path(args.model) == defaults.MODEL_DIR else str(args.model)
    if not is_model_uri(model):
        raise ConfigError(f"--engine spark scores a registered model: give --model models:/<name>@<alias> "
                          f"(default {defaults.CHAMPION_URI}), not the directory {args.model}")
    try:
        from call_nlp import spark_predict
    except ImportError as exc:
        raise ConfigError(f"--engine spark needs pyspark (pip install -e '.[spark]', or make setup-spark): {exc}") from None
    written = spark_predict.run(args.input, args.output, model, master=args.master, partitions=args.partitions,
                                stop=True)
    log.info("wrote %d suggestions to %s (Parquet, on Spark)", written, args.output)
    return 0


def _at_least_one(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {number}")
    return number


def _queue(args: argparse.Namespace) -> int:
    from call_nlp.label_queue import run

    result = run(args.source, args.output, args.model, args.policy, args.n, chunk_size=args.chunk_size)
    log.info("wrote the %d notes to label first (of %d notes, %d calls) to %s", result.written, result.notes,
             result.calls, args.output)
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from call_nlp.data import load_dataset
    from call_nlp.evaluation import compute_metrics, format_summary, predictions_frame
    from call_nlp.text_hashes import overlap_line
    from call_nlp.triage import Triager

    triager = Triager.load(args.model, args.policy, use_estimator=True)  # evaluation trusts the estimator of record
    for i, path in enumerate(args.labeled):
        gold = load_dataset([path]).frame
        predicted = predictions_frame(triager.triage_many(gold["text"].tolist()))
        print(f"{chr(10) if i else ''}model {triager.info.version} (run {triager.info.run_id}) on {path}")
        print(overlap_line(triager.model, gold["text"].tolist()))
        print(format_summary(compute_metrics(gold, predicted)))
    return 0


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from call_nlp.api.nodelay import HTTP_PROTOCOL
    from call_nlp.api.settings import load_settings

    if args.workers < 1:
        raise ConfigError(f"--workers must be at least 1, got {args.workers}")
    if args.model:  # like --host: the app reads CALL_NLP_MODEL_PATH itself
        os.environ["CALL_NLP_MODEL_PATH"] = str(args.model)
    if args.host:  # the app reads its settings itself: it must see the interface it is served on
        os.environ["CALL_NLP_HOST"] = args.host
    settings = load_settings()
    log_config: dict[str, Any] | None = None  # text: uvicorn's own format for its lines, as always
    if settings.log_format == "json":
        log_config = log_setup.config("json")
        log_setup.configure("json")
    if args.workers > 1:
        _prepare_shared_store(settings)
    # Nagle off on every connection: with several workers uvicorn's sockets otherwise keep it on
    # and each request waits ~48 ms for a delayed ACK (uvicorn #3149; call_nlp/api/nodelay.py).
    uvicorn.run(
        "call_nlp.api.main:create_app",
        factory=True,
        host=args.host or settings.host,
        port=args.port or settings.port,
        workers=args.workers,
        http=HTTP_PROTOCOL,
        **({"log_config": log_config} if log_config is not None else {}),
    )
    return 0


def _prepare_shared_store(settings: Settings) -> None:
    """Before workers start: create the HMAC key (one, not one per worker racing) and migrate
    the record store once, so every worker opens a ready store with the same key."""
    from call_nlp.records.secret import hmac_key
    from call_nlp.records.store import RecordStore

    hmac_key(settings.hmac_secret.get_secret_value() if settings.hmac_secret else None, settings.database_url)
    try:
        store = RecordStore.from_url(settings.database_url)
        try:
            store.migrate()
        finally:
            store.engine.dispose()  # no pooled connection crosses into a worker
    except Exception as exc:  # an unreachable store is fine: each worker spools and retries
        log.warning("record store not migrated before the workers start (%s); each worker will retry",
                    type(exc).__name__)


def _time_range(args: argparse.Namespace) -> TimeRange:
    from call_nlp.feedback.source import TimeRange, parse_moment

    return TimeRange(
        since=None if args.since is None else parse_moment(args.since),
        until=None if args.until is None else parse_moment(args.until, end_of_day=True),
    )


def _feedback_errors(command: str, run: Callable[[], int]) -> int:
    """Run a feedback command; a bad range, a missing or unreachable store is a message and exit code 2."""
    from sqlalchemy.exc import SQLAlchemyError

    from call_nlp.feedback.source import StoreNotFound
    from call_nlp.records.migrations import MigrationError

    try:
        return run()
    except (ValueError, StoreNotFound, MigrationError) as exc:
        print(f"call-nlp {command}: error: {exc}", file=sys.stderr)
    except SQLAlchemyError as exc:  # first line only: never the SQL parameters
        print(f"call-nlp {command}: error: record store: {type(exc).__name__}: {str(exc).splitlines()[0][:300]}",
              file=sys.stderr)
    return 2


def _export_reviews(args: argparse.Namespace) -> int:
    from call_nlp.feedback.export import export_reviews
    from call_nlp.feedback.source import default_database_url, open_store
    from call_nlp.policy import Policy

    def run() -> int:
        time_range = _time_range(args)
        policy = Policy.from_yaml(args.policy)
        store = open_store(args.database_url or default_database_url())
        try:
            export_reviews(store, args.output, time_range, policy=policy)
        finally:
            store.close()
        return 0

    return _feedback_errors("export-reviews", run)


def _audit_report(args: argparse.Namespace) -> int:
    import json

    from call_nlp.feedback.audit_report import build_report, format_text
    from call_nlp.feedback.source import default_database_url, open_store

    def run() -> int:
        time_range = _time_range(args)
        store = open_store(args.database_url or default_database_url())
        try:
            report = build_report(store, time_range)
        finally:
            store.close()
        if args.json:
            print(json.dumps(report.to_json(), indent=2))
        else:
            print(format_text(report), end="")
        return 0

    return _feedback_errors("audit-report", run)


def _add_feedback_source(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--database-url", help="record store (default: CALL_NLP_DATABASE_URL, as the service reads it)"
    )
    p.add_argument("--since", help="suggestions made at or after this ISO date/date-time (UTC unless a zone is given)")
    p.add_argument("--until", help="suggestions made before this ISO date-time; a bare date includes that whole day")


def _add_model_argument(parser: argparse.ArgumentParser, default: Path | None = defaults.MODEL_DIR) -> None:
    """``--model``: a model directory or a registry URI, resolved and verified by `registry.load`."""
    parser.add_argument(
        "--model", type=Path, default=default,
        help="model directory, or models:/call-nlp@champion (MLflow store: MLFLOW_TRACKING_URI or the training "
        f"config's){f'; default {default}' if default else f'; default CALL_NLP_MODEL_PATH or {defaults.MODEL_DIR}'}",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="call-nlp", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    parser.add_argument("--version", action="version", version=f"call-nlp {call_nlp.__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("demo-data", help="write the synthetic demo corpus")
    p.add_argument("--config", type=Path, default=defaults.CONFIG_PATH)
    p.add_argument("--out", type=Path, help="output folder (default: data.demo_dir of the config)")
    p.add_argument("--n", type=int, help="number of notes (default: data.demo_notes of the config)")
    p.add_argument("--seed", type=int, help="seed (default: the config's seed)")
    p.set_defaults(func=_demo_data)

    p = sub.add_parser("train", help="train, evaluate and record a model")
    p.add_argument("--config", type=Path, default=defaults.CONFIG_PATH)
    p.add_argument("--data", type=Path, nargs="+",
                   help="CSV/Parquet file(s): labeled notes, or a CAD export (id, text, call_type) whose call types "
                        "give weak labels via data.call_types of the config (default: the demo corpus)")
    p.add_argument("--policy", type=Path, help="response policy to evaluate and gate with (default: the config's "
                   "policy, else the service's)")
    p.add_argument("--if-missing", action="store_true",
                   help="train only when the config's output.model_dir holds no model yet (make serve, bench, eval)")
    p.set_defaults(func=_train)

    p = sub.add_parser("predict", help="suggest for every note of a CSV or Parquet file (id, text), streamed")
    p.add_argument("input", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True,
                   help="CSV to write (written whole or not at all); with --engine spark, a Parquet folder")
    p.add_argument("--engine", choices=("local", "spark"), default="local",
                   help="local: worker processes of this machine; spark: a Parquet archive through the registered "
                   f"model's spark_udf (default model {defaults.CHAMPION_URI})")
    p.add_argument("--master", help="Spark master for --engine spark (default: local[*])")
    p.add_argument("--partitions", type=int, help="with --engine spark: repartition the notes into this many")
    p.add_argument("--jobs", type=int, help="worker processes (default: the cores available)")
    p.add_argument("--chunk-size", type=int, default=defaults.PREDICT_CHUNK_NOTES,
                   help="notes per chunk (default: %(default)s)")
    _add_model_argument(p)
    p.add_argument("--policy", type=Path, default=defaults.POLICY_PATH)
    p.set_defaults(func=_predict)

    p = sub.add_parser("queue", help="the notes of an unlabeled file to label first (least sure, one per call), "
                                     "as a training file with empty labels to fill in")
    p.add_argument("--from", dest="source", type=Path, required=True, help="CSV or Parquet with id, text (and call_id)")
    p.add_argument("-n", type=_at_least_one, default=defaults.QUEUE_NOTES, help="notes to write (default: %(default)s)")
    p.add_argument("-o", "--output", type=Path, required=True, help="CSV to write")
    p.add_argument("--chunk-size", type=int, default=defaults.PREDICT_CHUNK_NOTES,
                   help="notes per chunk (default: %(default)s)")
    _add_model_argument(p)
    p.add_argument("--policy", type=Path, default=defaults.POLICY_PATH)
    p.set_defaults(func=_queue)

    p = sub.add_parser("evaluate", help="score the model on labeled files, each on its own")
    p.add_argument("labeled", type=Path, nargs="+")
    _add_model_argument(p)
    p.add_argument("--policy", type=Path, default=defaults.POLICY_PATH)
    p.set_defaults(func=_evaluate)

    p = sub.add_parser("serve", help="run the HTTP API (settings from CALL_NLP_* variables)")
    p.add_argument("--host", help="interface to bind (default: CALL_NLP_HOST or 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (default: CALL_NLP_PORT or 8000)")
    p.add_argument("--workers", type=int, default=1,
                   help="worker processes sharing the port and the record store (default: %(default)s)")
    _add_model_argument(p, default=None)
    p.set_defaults(func=_serve)

    p = sub.add_parser(
        "export-reviews", help="write reviewed suggestions (with text) as labeled training notes, final labels"
    )
    p.add_argument("-o", "--output", type=Path, required=True, help="CSV file to write (mode 0600)")
    p.add_argument("--policy", type=Path, default=defaults.POLICY_PATH,
                   help="the policy that says which response a row's labels call for (default: %(default)s)")
    _add_feedback_source(p)
    p.set_defaults(func=_export_reviews)

    for name, (_, summary) in FORWARDED.items():  # listed in --help; run by `main` itself
        sub.add_parser(name, help=summary, add_help=False)

    p = sub.add_parser("audit-report", help="review, acceptance and override figures for a time range")
    _add_feedback_source(p)
    p.add_argument("--json", action="store_true", help="machine-readable JSON instead of the text tables")
    p.set_defaults(func=_audit_report)
    return parser


#: Subcommands whose module parses its own arguments: ``call-nlp bench --help`` is the module's
#: help. Imported only when run, so that ``call-nlp --help`` stays instant.
FORWARDED: dict[str, tuple[str, str]] = {
    "bench": ("call_nlp.bench", "benchmarks, each beside its target (make bench)"),
    "behavioral": ("call_nlp.behavioral.__main__", "the behavioural suite: minimum, invariance and direction tests "
                   "of the model, with the safety guarantees (make eval)"),
    "demo-run": ("call_nlp.feedback.demo_run", "a scripted run of synthetic calls through the service, reviews "
                 "and audit report included"),
    "agency-loop": ("call_nlp.demo.agency_loop", "the labeling loop of a synthetic agency, measured (about 16 min)"),
    "suggestion-diff": ("call_nlp.suggestion_diff", "dump and compare suggestions before and after a change that "
                        "should leave them alone"),
}


def _forwarded(argv: list[str]) -> tuple[str, list[str]] | None:
    """(the subcommand, its arguments) when ``argv`` names a forwarded subcommand."""
    for i, arg in enumerate(argv):
        if not arg.startswith("-"):
            return (arg, argv[i + 1:]) if arg in FORWARDED else None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    forwarded = _forwarded(argv)
    if forwarded is not None:
        import importlib

        name, rest = forwarded
        return int(importlib.import_module(FORWARDED[name][0]).main(rest))
    args = build_parser().parse_args(argv)
    log_setup.basic(logging.DEBUG if args.verbose else logging.INFO)
    try:
        return int(args.func(args))
    except (DataValidationError, ConfigError, PolicyError, ModelLoadError) as exc:
        print(f"call-nlp {args.command}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
