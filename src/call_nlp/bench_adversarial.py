"""`make bench`'s worst cases (issue 11): the slowest notes within the size limit, the largest
batch the service accepts, and the health endpoint while that batch is being served.

The notes are runs of what made spaCy's tokenizer quadratic (symbols, emoji, joiners), of
characters NFKC writes long, and of short words; all made up here.
"""

from __future__ import annotations

import http.client
import json
import os
import statistics
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from call_nlp import bench_servers
from call_nlp.triage import Triager

#: Each repeated up to the note limit. Before issue 11, "!", emoji, "_" and '"' took 10-12 s each.
WORST_PIECES = ("!", "😀", "_", '"', "!?", "\u200b!", "👨\u200d", "\ufdfa", "\ufdfa ", "a-", "a ", "KNIFE ")
#: Runs of each worst note; its figure is their median.
TIMES = 3
#: Health probes while the largest batch runs: one every this many seconds.
PROBE_EVERY_S = 0.01


@dataclass(frozen=True)
class Worst:
    note_ms: float  #: the slowest worst note, in process
    note_piece: str  #: what it was made of
    batch_s: float  #: the largest accepted batch of the slowest notes, in process
    served_batch_s: float  #: the same batch over HTTP
    health_max_ms: float  #: the slowest /healthz answer while that batch was served
    probes: int


def worst_notes(chars: int) -> dict[str, str]:
    return {piece: (piece * chars)[:chars] for piece in WORST_PIECES}


def slowest_note(triager: Triager, chars: int) -> tuple[float, str]:
    """(milliseconds, piece) of the slowest worst note of ``chars`` characters, each the median
    of `TIMES` runs."""
    timed = []
    for piece, note in worst_notes(chars).items():
        runs = []
        for _ in range(TIMES):
            started = time.perf_counter()
            triager.triage(note)
            runs.append(1000 * (time.perf_counter() - started))
        timed.append((statistics.median(runs), piece))
    return max(timed)


def largest_batch(piece: str, note_chars: int, batch_chars: int) -> list[str]:
    """As many notes of ``piece`` as one batch may hold, each as long as one note may be."""
    note = (piece * note_chars)[:note_chars]
    count = max(1, batch_chars // note_chars)
    return [note] * count


def measure(triager: Triager, model: str, policy: Path) -> Worst:
    from call_nlp.api.settings import Settings

    limits = Settings(model_path=Path(model))
    note_ms, piece = slowest_note(triager, limits.max_text_chars)
    batch = largest_batch(piece, limits.max_text_chars, limits.max_batch_chars)
    started = time.perf_counter()
    triager.triage_many(batch)
    batch_s = time.perf_counter() - started
    served_s, health = _health_while_served(model, policy, batch)
    return Worst(note_ms, piece, batch_s, served_s, max(health, default=float("inf")), len(health))


def _health_while_served(model: str, policy: Path, batch: Sequence[str]) -> tuple[float, list[float]]:
    """(seconds the batch took over HTTP, each /healthz answer's milliseconds meanwhile) against
    a fresh one-worker server with a scratch record store."""
    with tempfile.TemporaryDirectory(prefix="call-nlp-bench-") as tmp:
        server = bench_servers.ours(model, policy, [], [], 1, dict(os.environ), Path(tmp))
        with bench_servers.started(server) as (base, _cold):
            host, port = bench_servers.host_port(base)
            body = json.dumps({"notes": [{"text": note} for note in batch]}).encode()
            done: dict[str, float] = {}

            def post() -> None:
                conn = http.client.HTTPConnection(host, port, timeout=120)
                began = time.perf_counter()
                conn.request("POST", "/v1/triage/batch", body=body, headers={"Content-Type": "application/json"})
                response = conn.getresponse()
                response.read()
                done["seconds"] = time.perf_counter() - began
                done["status"] = response.status
                conn.close()

            probe = http.client.HTTPConnection(host, port, timeout=30)
            health: list[float] = []
            worker = threading.Thread(target=post, name="bench-worst-batch")
            worker.start()
            while worker.is_alive():
                began = time.perf_counter()
                probe.request("GET", "/healthz")
                probe.getresponse().read()
                health.append(1000 * (time.perf_counter() - began))
                time.sleep(PROBE_EVERY_S)
            worker.join()
            probe.close()
    if done.get("status") != 200:
        raise RuntimeError(f"the largest batch was answered {done.get('status')}")
    return done["seconds"], health


def rows(worst: Worst) -> list[tuple[str, str, str]]:
    """`make bench`'s rows: (name, figure, target)."""
    return [
        (f"slowest note within the limit ({worst.note_piece!r} repeated)", f"{worst.note_ms:.0f} ms", "<= 100 ms"),
        ("largest accepted batch of it, in process", f"{worst.batch_s:.2f} s", "<= 2 s"),
        ("  the same over HTTP", f"{worst.served_batch_s:.2f} s", ""),
        (f"  /healthz meanwhile, slowest of {worst.probes}", f"{worst.health_max_ms:.1f} ms", "<= 50 ms"),
    ]
