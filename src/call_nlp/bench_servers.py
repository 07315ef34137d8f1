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
from collections.abc import Callable, Sequence
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
    host, port = _host_port(base)
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


def _host_port(base: str) -> tuple[str, int]:
    parts = urllib.parse.urlsplit(base)
    return parts.hostname or "127.0.0.1", parts.port or 80


def serve_ours(model: str, policy_path: Path, notes: Sequence[str], connections: int, workers: int,
               env: dict[str, str]) -> tuple[float, Load]:
    """A fresh ``call-nlp serve --workers N`` on a scratch record store: seconds from start to
    ``/readyz`` 200 (the cold start), then POST /v1/triage, records written."""
    with tempfile.TemporaryDirectory(prefix="call-nlp-bench-") as tmp:
        env = {**env, "CALL_NLP_DATABASE_URL": f"sqlite:///{tmp}/records.db",
               "CALL_NLP_SPOOL_DIR": f"{tmp}/spool", "CALL_NLP_POLICY_PATH": str(policy_path)}
        port = _free_port()
        command = [*cli_command(), "serve", "--port", str(port), "--model", model, "--workers", str(workers)]
        bodies = [{"text": note, "call_id": f"bench-{i}"} for i, note in enumerate(notes)]
        return _run(command, env, port, "/readyz", lambda base: drive(base, "/v1/triage", bodies, connections))


def serve_mlflow(model_uri: str, notes: Sequence[str], connections: int, env: dict[str, str]) -> tuple[float, Load]:
    """A fresh ``mlflow models serve`` of ``model_uri`` (one worker, this environment): seconds to
    ``/ping`` 200, then POST /invocations with one note per request, as the pyfunc expects it."""
    port = _free_port()
    bin_dir = str(Path(sys.executable).parent)  # mlflow starts `uvicorn` from PATH
    env = {**env, "PATH": bin_dir + os.pathsep + env.get("PATH", "")}
    command = [str(Path(bin_dir) / "mlflow"), "models", "serve", "-m", model_uri, "--env-manager", "local",
               "--workers", "1", "--host", "127.0.0.1", "--port", str(port)]
    bodies = [{"dataframe_split": {"columns": ["text"], "data": [[note]]}} for note in notes]
    return _run(command, env, port, "/ping", lambda base: drive(base, "/invocations", bodies, connections))


def cli_command() -> list[str]:
    script = Path(sys.executable).with_name("call-nlp")
    return [str(script)] if script.exists() else [sys.executable, "-m", "call_nlp.cli"]


def _run(command: list[str], env: dict[str, str], port: int, ready: str,
         load: Callable[[str], Load]) -> tuple[float, Load]:
    started = time.perf_counter()
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        cold = _until_ready(base + ready, server, started)
        return cold, load(base)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=30)


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
