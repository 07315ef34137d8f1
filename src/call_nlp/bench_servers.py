"""`make bench`, served: a fresh ``call-nlp serve`` and a fresh ``mlflow models serve`` under the
same closed-loop load (concurrent keep-alive clients on loopback, one note per request).

Each server runs in a scratch directory and is stopped afterwards; every wait is bounded.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

SERVER_START_TIMEOUT_S = 120.0
WARM_UP_REQUESTS = 2  # per connection, untimed: the connection and the worker's first notes


@dataclass(frozen=True)
class Load:
    """What a load run measured: each request's seconds, failures, and requests per second."""

    seconds: list[float]
    errors: int
    per_second: float


def drive(base: str, path: str, bodies: Sequence[dict[str, Any]], connections: int) -> Load:
    """POST ``bodies`` to ``base + path`` from ``connections`` concurrent keep-alive clients, each
    sending its next request when the last one is answered.

    The clients are the standard library's ``http.client``, not httpx: on a two-core machine the
    load generator shares the cores with the server, and httpx spent about a millisecond of CPU
    per request that the server's figures then carried. Bodies are encoded before the clock starts.
    """
    host, port = host_port(base)
    encoded = [json.dumps(body).encode() for body in bodies]
    headers = {"Content-Type": "application/json"}
    seconds: list[float] = []
    errors = 0
    lock = threading.Lock()

    def post(conn: http.client.HTTPConnection, body: bytes) -> bool:
        try:
            conn.request("POST", path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            return response.status == 200
        except (OSError, http.client.HTTPException):
            conn.close()  # reconnects on the next request
            return False

    def client(share: Sequence[bytes]) -> None:
        nonlocal errors
        conn = http.client.HTTPConnection(host, port, timeout=30.0)
        try:
            for body in share[:WARM_UP_REQUESTS]:
                post(conn, body)  # a failure here shows again in the timed requests
            barrier.wait()
            for body in share:
                began = time.perf_counter()
                ok = post(conn, body)
                took = time.perf_counter() - began
                with lock:
                    seconds.append(took)
                    errors += not ok
        finally:
            conn.close()

    barrier = threading.Barrier(connections + 1, timeout=SERVER_START_TIMEOUT_S)
    threads = [threading.Thread(target=client, args=(encoded[k::connections],)) for k in range(connections)]
    for t in threads:
        t.start()
    barrier.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    return Load(seconds, errors, len(seconds) / elapsed if elapsed > 0 else float("inf"))


def host_port(base: str) -> tuple[str, int]:
    """The host and port of a base URL such as ``http://127.0.0.1:8000``."""
    parts = urllib.parse.urlsplit(base)
    return parts.hostname or "127.0.0.1", parts.port or 80


@dataclass(frozen=True)
class Served:
    """A server to start: its command and environment, where it says it is ready, and the
    path and bodies of the requests that load it."""

    command: list[str]
    env: dict[str, str]
    port: int
    ready: str
    path: str
    bodies: list[dict[str, Any]]
    #: sent once, untimed, before the timed requests: other notes than the timed ones
    warm_up: list[dict[str, Any]]


def ours(model: str, policy_path: Path, notes: Sequence[str], warm_up: Sequence[str], workers: int,
         env: dict[str, str], records: Path) -> Served:
    """``call-nlp serve --workers N`` with its record store in ``records``; POST /v1/triage, one note
    per request, records written."""
    env = {**env, "CALL_NLP_DATABASE_URL": f"sqlite:///{records}/records.db",
           "CALL_NLP_SPOOL_DIR": f"{records}/spool", "CALL_NLP_POLICY_PATH": str(policy_path)}
    port = _free_port()
    command = [*cli_command(), "serve", "--port", str(port), "--model", model, "--workers", str(workers)]

    def bodies(texts: Sequence[str], prefix: str) -> list[dict[str, Any]]:
        return [{"text": note, "call_id": f"{prefix}-{i}"} for i, note in enumerate(texts)]

    return Served(command, env, port, "/readyz", "/v1/triage", bodies(notes, "bench"), bodies(warm_up, "warm-up"))


def mlflow(model_uri: str, notes: Sequence[str], warm_up: Sequence[str], env: dict[str, str]) -> Served:
    """``mlflow models serve`` of ``model_uri`` (one worker, this environment); POST /invocations
    with one note per request, as the pyfunc expects it."""
    port = _free_port()
    bin_dir = str(Path(sys.executable).parent)  # mlflow starts `uvicorn` from PATH
    env = {**env, "PATH": bin_dir + os.pathsep + env.get("PATH", "")}
    command = [str(Path(bin_dir) / "mlflow"), "models", "serve", "-m", model_uri, "--env-manager", "local",
               "--workers", "1", "--host", "127.0.0.1", "--port", str(port)]

    def bodies(texts: Sequence[str]) -> list[dict[str, Any]]:
        return [{"dataframe_split": {"columns": ["text"], "data": [[note]]}} for note in texts]

    return Served(command, env, port, "/ping", "/invocations", bodies(notes), bodies(warm_up))


@contextmanager
def started(server: Served) -> Iterator[tuple[str, float]]:
    """The server running: (its base URL, seconds from start to its ready path answering 200,
    the cold start). Stopped on leaving."""
    began = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(server.command, env=server.env, stdout=subprocess.DEVNULL, stderr=errors)
        base = f"http://127.0.0.1:{server.port}"
        try:
            try:
                ready = _until_ready(base + server.ready, process, began)
            except RuntimeError as exc:  # say why: the last lines the server wrote (no note is sent yet)
                errors.seek(0)
                tail = errors.read().decode("utf-8", "replace").strip().splitlines()[-STDERR_LINES:]
                raise RuntimeError(f"{exc}; its last output: {' | '.join(tail) or '(none)'}") from None
            yield base, ready
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=30)


def load(server: Served, connections: int) -> tuple[float, Load]:
    """A fresh server under ``connections`` clients, warmed up, then every body once: (cold start, load)."""
    with started(server) as (base, cold):
        drive(base, server.path, server.warm_up, connections)
        return cold, drive(base, server.path, server.bodies, connections)


@dataclass(frozen=True)
class Comparison:
    """Two servers' requests per second over the same interleaved rounds, and each round's ratio."""

    first: Load
    second: Load
    round_ratios: list[float]

    @property
    def ratio(self) -> float:
        return self.first.per_second / self.second.per_second if self.second.per_second > 0 else float("inf")


def compare(first: Served, second: Served, connections: int, rounds: int) -> Comparison:
    """Both servers started side by side and warmed up, then loaded in turn, round after round,
    each with its share of the bodies: a machine whose speed drifts during the run (a shared
    host) slows both alike, which one run after the other does not. Each server's rate is its
    requests over its own time, summed over the rounds."""
    with started(first) as (base_1, _), started(second) as (base_2, _):
        drive(base_1, first.path, first.warm_up, connections)
        drive(base_2, second.path, second.warm_up, connections)
        loads: list[tuple[Load, Load]] = []
        rounds = max(1, min(rounds, len(first.bodies), len(second.bodies)))  # no round without a request
        for k in range(rounds):
            loads.append((drive(base_1, first.path, first.bodies[k::rounds], connections),
                          drive(base_2, second.path, second.bodies[k::rounds], connections)))
    merged = [_merge([pair[i] for pair in loads]) for i in (0, 1)]
    ratios = [a.per_second / b.per_second for a, b in loads if b.per_second > 0]
    return Comparison(merged[0], merged[1], ratios)


def _merge(loads: list[Load]) -> Load:
    seconds = [s for one in loads for s in one.seconds]
    busy = sum(len(one.seconds) / one.per_second for one in loads if one.per_second > 0)
    return Load(seconds, sum(one.errors for one in loads), len(seconds) / busy if busy > 0 else float("inf"))


def cli_command() -> list[str]:
    script = Path(sys.executable).with_name("call-nlp")
    return [str(script)] if script.exists() else [sys.executable, "-m", "call_nlp.cli"]


#: Lines of a server's own output quoted when it fails to start.
STDERR_LINES = 8


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _until_ready(url: str, server: subprocess.Popen[bytes], started: float) -> float:
    with httpx.Client(timeout=2.0) as client:
        while time.perf_counter() - started < SERVER_START_TIMEOUT_S:
            if server.poll() is not None:
                raise RuntimeError(f"{Path(str(server.args[0])).name} exited with code {server.returncode}")
            try:
                if client.get(url).status_code == 200:
                    return time.perf_counter() - started
            except httpx.TransportError:
                pass
            time.sleep(0.02)
    raise RuntimeError(f"not ready within {SERVER_START_TIMEOUT_S:.0f} s")
