"""`make bench`: single-note latency in process and over HTTP, and batch throughput.

Runs on synthetic notes written here (no real data); the HTTP server listens on loopback
only and every loop is bounded.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx
import numpy as np
import uvicorn

from call_nlp import bench_adversarial, bench_servers, defaults
from call_nlp.bench_servers import SERVER_START_TIMEOUT_S, Load, cli_command
from call_nlp.artifact import ModelLoadError
from call_nlp.policy import PolicyError
from call_nlp.triage import Triager

log = logging.getLogger("call_nlp.bench")

CONNECTIONS = 4  # concurrent clients of the served runs (issue 8's load)
#: Notes each server answers, untimed, before it is timed (other notes than the timed ones): a
#: service runs warm, and a run from cold measured start-up more than serving.
WARM_UP_NOTES = 500
#: Interleaved rounds of the comparison with `mlflow models serve` (bench_servers.compare).
ROUNDS = 6
#: Notes of the `call-nlp predict` run (issue 8: a million, so that a year of notes is what is
#: timed and memory growth shows; about two minutes here). BENCH_NOTES overrides it.
PREDICT_NOTES = 1_000_000


# Fragments of made-up call-taker notes (upper case, dispatch shorthand, appended updates).
_OPENERS = (
    "RP STATES", "CALLER ADVS", "RP IS NEIGHBOR, STATES", "RP IS MOTHER, ADVS", "3RD PARTY RP STATES",
    "LOSS PREVENTION ADVS", "BUS DRIVER STATES", "RP IS SUBJ,", "SCHOOL COUNSELOR ADVS", "HOTEL CLERK STATES",
)
_SUBJECTS = ("SUBJ", "HER SON", "WHT MALE 40S", "BLK F 30S", "HIS WIFE", "ELDERLY MALE", "15YO DAUGHTER", "ROOMMATE")
_SITUATIONS = (
    "HEARING VOICES AND TALKING TO PEOPLE WHO ARENT THERE",
    "SAYS HE WANTS TO END IT ALL, TOOK A HANDFUL OF PILLS",
    "CRYING, PANIC ATTACK, SHAKING, JUST LOST JOB",
    "ETOH, SLUMPED AT BUS STOP, CANT STAND",
    "HASNT ANSWERED DOOR IN 3 DAYS, MAIL PILING UP",
    "YELLING AT MOTHER, SLAMMING DOORS, REFUSING SCHOOL",
    "THINKS NEIGHBORS PUT CAMERAS IN THE WALLS, OFF MEDS",
    "SLEEPING IN DOORWAY IN FREEZING TEMPS, NOT DRESSED FOR WEATHER",
    "POSS OD, BLUE LIPS, BREATHING: LABORED",
    "ON THE BRIDGE RAILING, STATES WILL JUMP",
    "CONFUSED, DOESNT KNOW ADDRESS, WANDERING IN ROADWAY",
    "BURGLARY IN PROGRESS, 2 SUBJS IN BACKYARD",
    "CHEST PAIN, 60YO, CONSCIOUS: YES BREATHING: YES",
)
_RISKS = (
    "NO WEAPONS SEEN", "CALM AND COOPERATIVE", "DENIES SI/HI", "UNK IF ARMED", "HAS A KNIFE IN HAND",
    "THREATENING TO HURT RP", "VIOLENT: NO WEAPONS: NO", "HX VIOLENCE TOWARD PD", "BREAKING DISHES", "",
)
_UPDATES = (
    "UPD: RP NOW STATES HE HAS A KNIFE", "** UPD ** SUBJ LEFT ON FOOT NB", "UPD: SUBJ NOW CALM, SITTING ON PORCH",
    "UPD: RP TOOK THE BAT AWAY, NO OTHER WEAPONS", "CALLBACK: RP ADVS SUBJ UNRESPONSIVE",
)
_TAILS = ("ADV RP TO STAY ON LINE", "MEET RP AT FRONT DOOR", "GATE CODE 1234", "UNITS STAGING AT CORNER", "")


def synthetic_notes(n: int, seed: int = 0) -> list[str]:
    """``n`` made-up notes of realistic length and shape (about a third with updates)."""
    rng = random.Random(seed)
    notes = []
    for _ in range(n):
        parts = [f"{rng.choice(_OPENERS)} {rng.choice(_SUBJECTS)} {rng.choice(_SITUATIONS)}", rng.choice(_RISKS)]
        if rng.random() < 0.35:
            parts.append(rng.choice(_UPDATES))
        parts.append(rng.choice(_TAILS))
        notes.append(". ".join(p for p in parts if p))
    return notes


@dataclass(frozen=True)
class Latency:
    name: str
    n: int
    p50_ms: float
    p99_ms: float
    mean_ms: float
    errors: int = 0


def _latency(name: str, seconds: Sequence[float], errors: int = 0) -> Latency:
    ms = np.asarray(seconds) * 1000.0
    return Latency(name, len(ms), float(np.percentile(ms, 50)), float(np.percentile(ms, 99)), float(ms.mean()), errors)


def _time_each(notes: Sequence[str], call: Callable[[str], object]) -> list[float]:
    out = []
    for note in notes:
        started = time.perf_counter()
        call(note)
        out.append(time.perf_counter() - started)
    return out


def bench_in_process(triager: Triager, notes: Sequence[str]) -> Latency:
    return _latency("in-process Triager.triage", _time_each(notes, triager.triage))


def bench_language(triager: Triager, notes: Sequence[str]) -> Latency:
    """The language layer alone (normalize, mask, split updates, find and assert cues)."""
    layer = triager.layer
    return _latency("language layer, one note", _time_each(notes, layer.analyze))


def bench_batch(triager: Triager, notes: Sequence[str], batch_size: int, repeats: int) -> tuple[int, float]:
    """(notes triaged, notes per second) for ``triage_many`` on batches of ``batch_size``."""
    batch = list(notes[:batch_size])
    started = time.perf_counter()
    for _ in range(repeats):
        triager.triage_many(batch)
    elapsed = time.perf_counter() - started
    total = len(batch) * repeats
    return total, total / elapsed if elapsed > 0 else float("inf")


def bench_cli_help(runs: int) -> Latency:
    """Wall time of a fresh ``call-nlp --help`` process (interpreter start-up included): the
    command must not import the model stack just to print its usage (issue 8 target: 300 ms)."""
    command = cli_command()
    seconds, errors = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run([*command, "--help"], capture_output=True, check=False)
        seconds.append(time.perf_counter() - started)
        errors += done.returncode != 0
    return _latency("call-nlp --help (process)", seconds, errors)


#: Runs a command and prints the peak RSS (KB) of the largest process in its tree. A child's peak
#: counts what its parent held when it forked it (Linux records the old image's high-water mark at
#: exec), so the benchmark, holding the model and the notes, must not start `predict` itself.
_PEAK_RSS = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "sys.exit(done.returncode)\n"
)


def bench_predict(model_dir: Path, policy_path: Path, n: int, seed: int, jobs: int | None) -> tuple[float, float, float]:
    """``call-nlp predict`` on ``n`` synthetic notes in a fresh process: (notes per second after
    start-up, start-up seconds, peak RSS in MB of the largest process of the ``n``-note run).
    Start-up is the time the same command takes for one note; it is subtracted."""
    import sys
    import tempfile

    import pandas as pd

    with tempfile.TemporaryDirectory(prefix="call-nlp-bench-") as tmp:
        def run(count: int) -> float:
            source, out = Path(tmp) / f"in_{count}.csv", Path(tmp) / f"out_{count}.csv"
            notes = synthetic_notes(count, seed)
            pd.DataFrame({"id": [f"b{i}" for i in range(count)], "text": notes}).to_csv(source, index=False)
            command = [*cli_command(), "predict", str(source), "-o", str(out), "--model", str(model_dir),
                       "--policy", str(policy_path), *(["--jobs", str(jobs)] if jobs else [])]
            started = time.perf_counter()
            done = subprocess.run([sys.executable, "-c", _PEAK_RSS, *command], capture_output=True, check=True, text=True)
            peaks.append(int(done.stdout.split()[-1]) / 1024)
            return time.perf_counter() - started

        peaks: list[float] = []
        startup = run(1)
        total = run(n)
    work = max(total - startup, 1e-9)
    return n / work, startup, peaks[-1]


def bench_http(model_dir: Path, policy_path: Path, notes: Sequence[str]) -> Latency:
    """Latency of POST /v1/triage against a one-worker uvicorn on a free loopback port, with a
    scratch record store (the benchmark never writes into the real one)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="call-nlp-bench-") as tmp:
        return _bench_http(model_dir, policy_path, notes, Path(tmp))


def _bench_http(model_dir: Path, policy_path: Path, notes: Sequence[str], scratch: Path) -> Latency:
    from call_nlp.api.main import create_app
    from call_nlp.api.settings import Settings

    app = create_app(Settings(model_path=model_dir, policy_path=policy_path,
                              database_url=f"sqlite:///{scratch}/records.db", spool_dir=scratch / "spool"))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, workers=1, log_level="warning", access_log=False, lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="bench-uvicorn", daemon=True)
    thread.start()
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30.0) as client:
            _wait_ready(client, server, thread)
            errors = 0
            seconds = []
            for i, note in enumerate(notes):
                started = time.perf_counter()
                response = client.post("/v1/triage", json={"text": note, "call_id": f"bench-{i}"})
                seconds.append(time.perf_counter() - started)
                errors += response.status_code != 200
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()
    return _latency("HTTP POST /v1/triage", seconds, errors)


def _wait_ready(client: httpx.Client, server: uvicorn.Server, thread: threading.Thread) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline and thread.is_alive():
        if server.started:
            ready = client.get("/readyz")
            if ready.status_code == 200:
                return
            raise RuntimeError(f"server started but is not ready: {ready.json().get('reason')}")
        time.sleep(0.05)
    raise RuntimeError(
        "server stopped before it was ready" if not thread.is_alive()
        else f"server did not start within {SERVER_START_TIMEOUT_S:.0f} s"
    )


#: Issue 8's targets, printed beside each figure (benchmarks, not tests).
TARGETS = {
    "in-process Triager.triage": "p50 <= 1, p99 <= 2",
    "call-nlp --help (process)": "<= 300",
    "HTTP, 1 worker, 4 conn.": "p99 <= 10",
}


def format_table(title: str, latencies: Sequence[Latency], batch: tuple[int, int, float],
                 extra: Sequence[tuple[str, str, str]] = ()) -> str:
    """The latency rows, the batch row, and ``extra`` rows (name, figure, target)."""
    lines = [title, f"{'single note':<32}{'n':>6}{'p50 ms':>9}{'p99 ms':>9}{'mean ms':>9}{'errors':>8}  target ms"]
    for lat in latencies:
        target = next((t for name, t in TARGETS.items() if lat.name.startswith(name)), "")
        lines.append(f"{lat.name:<32}{lat.n:>6}{lat.p50_ms:>9.2f}{lat.p99_ms:>9.2f}{lat.mean_ms:>9.2f}{lat.errors:>8}  {target}")
    size, total, rate = batch
    lines.append(f"{'batch':<32}{'notes':>6}{'notes/s':>9}")
    lines.append(f"{f'triage_many, {size} per call':<32}{total:>6}{rate:>9.0f}")
    if extra:
        lines.append(f"{'process':<40}{'figure':>22}  target")
        lines.extend(f"{name:<40}{figure:>22}  {target}" for name, figure, target in extra)
    return "\n".join(lines)


def _bench_served(args: argparse.Namespace, notes: Sequence[str], latencies: list[Latency],
                  extra: list[tuple[str, str, str]]) -> bool:
    """Fresh servers under 4 connections, each warmed up first (``--warm-up`` other notes):
    ours from the model directory at 1 and 2 workers (and its cold start), then ours and
    ``mlflow models serve`` on the same registered model, one worker each, side by side in
    `ROUNDS` interleaved rounds. True when a run failed."""
    import tempfile

    from call_nlp.config import ConfigError, load_config

    env = dict(os.environ)
    try:
        mlflow_cfg = load_config(args.config).mlflow
    except ConfigError as exc:
        log.error("served benchmark: %s", exc)
        return True
    env.setdefault("MLFLOW_TRACKING_URI", mlflow_cfg.tracking_uri)
    registered = f"models:/{mlflow_cfg.registered_model}@{mlflow_cfg.alias}"
    warm_up = synthetic_notes(args.warm_up, args.seed + 1)
    try:
        with tempfile.TemporaryDirectory(prefix="call-nlp-bench-") as tmp:
            for workers in (1, 2):
                server = bench_servers.ours(str(args.model), args.policy, notes, warm_up, workers, env,
                                            Path(tmp) / f"workers-{workers}")
                cold, load = bench_servers.load(server, CONNECTIONS)
                latencies.append(_served(f"HTTP, {workers} worker{'s' if workers > 1 else ''}, {CONNECTIONS} conn.", load))
                if workers == 1:
                    extra.append(("cold start: call-nlp serve to /readyz 200", f"{cold:.1f} s", "<= 3 s"))
            if args.no_mlflow:
                return False
            compared = bench_servers.compare(
                bench_servers.ours(registered, args.policy, notes, warm_up, 1, env, Path(tmp) / "registered"),
                bench_servers.mlflow(registered, notes, warm_up, env), CONNECTIONS, ROUNDS)
    except (RuntimeError, OSError, threading.BrokenBarrierError) as exc:
        log.error("served benchmark failed: %s", exc)
        return True
    extra.append((f"HTTP req/s, {registered}, {CONNECTIONS} conn.",
                  f"{compared.first.per_second:,.0f} vs {compared.second.per_second:,.0f} mlflow", ""))
    low, high = (min(compared.round_ratios), max(compared.round_ratios)) if compared.round_ratios else (0.0, 0.0)
    extra.append((f"  call-nlp serve / mlflow models serve ({ROUNDS} rounds: {low:.1f}-{high:.1f}x)",
                  f"{compared.ratio:.1f}x", ">= 5x"))
    return bool(compared.first.errors or compared.second.errors)


def _served(name: str, load: Load) -> Latency:
    return _latency(f"{name} {load.per_second:,.0f}/s", load.seconds, load.errors)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="call-nlp bench", description=__doc__)
    parser.add_argument("--model", type=Path, default=defaults.MODEL_DIR, help="model directory (default: %(default)s)")
    parser.add_argument("--policy", type=Path, default=defaults.POLICY_PATH, help="policy file (default: %(default)s)")
    parser.add_argument("--single", type=int, default=500, help="notes for in-process latency (default: %(default)s)")
    parser.add_argument("--http", type=int, default=2000,
                        help="HTTP requests of each timed run; 0 skips HTTP (default: %(default)s)")
    parser.add_argument("--warm-up", type=int, default=WARM_UP_NOTES,
                        help="untimed requests to each fresh server before it is timed (default: %(default)s)")
    parser.add_argument("--batch-size", type=int, default=256, help="notes per triage_many call (default: %(default)s)")
    parser.add_argument("--batches", type=int, default=8, help="triage_many calls (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic notes (default: %(default)s)")
    parser.add_argument("--cli-runs", type=int, default=5, help="fresh `call-nlp --help` processes (default: %(default)s)")
    parser.add_argument("--predict-notes", type=int, default=int(os.environ.get("BENCH_NOTES", PREDICT_NOTES)),
                        help=f"notes for `call-nlp predict`; 0 skips it (default: BENCH_NOTES or {PREDICT_NOTES:,})")
    parser.add_argument("--jobs", type=int, help="`call-nlp predict --jobs` (default: the cores available)")
    parser.add_argument("--no-served", action="store_true",
                        help="skip the fresh servers (cold start, 4 connections at 1 and 2 workers, mlflow)")
    parser.add_argument("--no-mlflow", action="store_true",
                        help="skip the comparison with `mlflow models serve` on the registered model")
    parser.add_argument("--no-worst", action="store_true",
                        help="skip the worst cases (slowest note, largest batch, /healthz meanwhile)")
    parser.add_argument("--config", type=Path, default=defaults.CONFIG_PATH,
                        help="training configuration naming the MLflow store and model (default: %(default)s)")
    args = parser.parse_args(argv)
    if min(args.single, args.batch_size, args.batches, args.cli_runs) < 1 or min(args.http, args.warm_up) < 0:
        parser.error("--single, --batch-size, --batches and --cli-runs must be positive; --http and --warm-up >= 0")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    try:
        triager = Triager.load(args.model, args.policy)
    except (ModelLoadError, PolicyError, OSError) as exc:
        log.error("cannot benchmark: %s", exc)
        return 2
    notes = synthetic_notes(max(args.single, args.http, args.batch_size), args.seed)
    triager.triage_many(notes[:16])  # warm-up: builds the tokenizer, touches every code path once

    latencies = [bench_language(triager, notes[: args.single]), bench_in_process(triager, notes[: args.single])]
    http_failed = False
    if args.http:
        try:
            latencies.append(bench_http(args.model, args.policy, notes[: args.http]))
        except RuntimeError as exc:
            log.error("HTTP benchmark failed: %s", exc)
            http_failed = True
    total, rate = bench_batch(triager, notes, args.batch_size, args.batches)
    latencies.append(bench_cli_help(args.cli_runs))
    extra: list[tuple[str, str, str]] = []
    failed = False
    if args.predict_notes:
        try:
            rate_p, startup, rss = bench_predict(args.model, args.policy, args.predict_notes, args.seed, args.jobs)
            extra.append((f"call-nlp predict, {args.predict_notes} notes", f"{rate_p:,.0f} notes/s", ">= 8,000 notes/s"))
            extra.append(("  its start-up (one note) / peak RSS", f"{startup:.1f} s / {rss:,.0f} MB", ""))
        except (subprocess.CalledProcessError, OSError) as exc:
            log.error("predict benchmark failed: %s", exc)
            failed = True
    if not args.no_served and args.http:
        failed |= _bench_served(args, notes[: args.http], latencies, extra)
    if not args.no_worst:
        try:
            extra.extend(bench_adversarial.rows(bench_adversarial.measure(triager, str(args.model), args.policy)))
        except (RuntimeError, OSError) as exc:
            log.error("worst-case benchmark failed: %s", exc)
            failed = True

    words = np.mean([len(n.split()) for n in notes])
    title = (
        f"call_nlp bench: model {triager.info.version} ({triager.info.sha256[:12]}), "
        f"synthetic notes (mean {words:.0f} words), 1 worker, loopback"
    )
    print(format_table(title, latencies, (args.batch_size, total, rate), extra))
    return 1 if http_failed or failed or any(lat.errors for lat in latencies) else 0


if __name__ == "__main__":
    raise SystemExit(main())
