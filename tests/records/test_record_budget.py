"""Issue 11, point 4: a hung database delays a suggestion by the record budget at most.

Before: with PostgreSQL traffic frozen, requests waiting for their records took 62 s. Here the
store hangs for real: PostgreSQL behind a local TCP proxy that stops forwarding, or SQLite
with its write lock held by another process's lock file handle. The request gets its answer
within the budget, its record goes to the spool, and once the store answers again the record
is stored once, whichever of the late write and the replay lands first.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, make_url, select

from call_nlp.records.models import suggestions
from call_nlp.records.recorder import Recorder
from call_nlp.records.secret import sqlite_path
from call_nlp.records.spool import Spool
from call_nlp.records.store import RecordStore
from call_nlp.records.write_lock import WriteLock
from tests.records.conftest import make_record

BUDGET_S = 0.2
#: What the test allows a request to take while the store hangs: ten times the budget.
ALLOWED_S = 10 * BUDGET_S


class FreezingProxy:
    """Forwards TCP connections to ``target``; `frozen` holds every byte until it ends."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.flowing = threading.Event()
        self.flowing.set()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self._sockets: list[socket.socket] = [self.listener]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self._sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                self.flowing.wait()
                sink.sendall(data)
        except OSError:
            pass

    @contextmanager
    def frozen(self) -> Iterator[None]:
        self.flowing.clear()
        try:
            yield
        finally:
            self.flowing.set()

    def close(self) -> None:
        self.flowing.set()
        for s in self._sockets:
            s.close()


@contextmanager
def _hangable(database_url: str) -> Iterator[tuple[str, AbstractContextManager[None]]]:
    """(the URL to use, a context during which the store hangs)."""
    database = sqlite_path(database_url)
    if database is not None:  # another process's writer holding the lock every write waits for
        yield database_url, WriteLock(Path(database)).held()
        return
    url = make_url(database_url)
    proxy = FreezingProxy((url.host or "127.0.0.1", url.port or 5432))
    try:
        yield url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False), proxy.frozen()
    finally:
        proxy.close()


def _within(waiting: Any) -> bool:
    """The coroutine's result, failing (not hanging) the test past `ALLOWED_S`."""
    return bool(asyncio.run(asyncio.wait_for(waiting, ALLOWED_S)))


def _copies(store: RecordStore, suggestion_id: str) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(suggestions)
                                .where(suggestions.c.suggestion_id == suggestion_id)).scalar_one())


def test_a_hung_store_delays_a_suggestion_by_the_budget_at_most(database_url: str, tmp_path: Path) -> None:
    with _hangable(database_url) as (url, hung):
        store = RecordStore.from_url(url)
        recorder = Recorder(store, Spool(tmp_path / "spool"), retry_seconds=3600, budget_seconds=BUDGET_S)
        recorder.start()
        try:
            assert recorder.record([make_record(call_id="before")]) is True
            late, next_one, sync = make_record(call_id="H-1"), make_record(call_id="H-2"), make_record(call_id="H-3")
            with hung:
                started = time.monotonic()
                assert _within(recorder.record_async([late])) is False  # spooled, not lost
                assert time.monotonic() - started < ALLOWED_S
                status = recorder.status()
                assert (status.store, status.reason, status.spool_records) == ("degraded", "StoreTimeout", 1)
                started = time.monotonic()  # degraded: the next ones go straight to the spool
                assert _within(recorder.record_async([next_one])) is False
                assert recorder.record([sync]) is False
                assert time.monotonic() - started < ALLOWED_S
            deadline = time.monotonic() + 30
            while recorder.replay() == 0 and recorder.spool.size() and time.monotonic() < deadline:
                time.sleep(0.05)
            assert recorder.status().store == "ok" and recorder.spool.size() == 0
            check = RecordStore.from_url(url)
            assert [_copies(check, r.suggestion_id) for r in (late, next_one, sync)] == [1, 1, 1]
            check.close()
        finally:
            recorder.stop()


def test_a_sync_caller_is_held_by_the_budget_at_most(tmp_path: Path) -> None:
    """`record` (the batch endpoint, in a worker thread) has the same budget."""
    url = f"sqlite:///{tmp_path / 'records.db'}"
    store = RecordStore.from_url(url)
    recorder = Recorder(store, Spool(tmp_path / "spool"), retry_seconds=3600, budget_seconds=BUDGET_S)
    recorder.start()
    try:
        with WriteLock(tmp_path / "records.db").held():
            started = time.monotonic()
            assert recorder.record([make_record(call_id="S-1")]) is False
            assert time.monotonic() - started < ALLOWED_S
        assert recorder.spool.size() == 1
    finally:
        recorder.stop()
