"""Processes sharing one SQLite record store write one at a time, each waking as soon as the
other's transaction ends (never SQLite's sleeping busy handler); other databases need no lock."""

from __future__ import annotations

import fcntl
import multiprocessing
import os
import threading
from pathlib import Path

import pytest

from call_nlp.records.store import RecordStore
from call_nlp.records.write_lock import SUFFIX
from tests.records.conftest import make_record


def test_a_write_waits_for_another_process_holding_the_store_then_completes(tmp_path: Path) -> None:
    store = RecordStore.from_url(f"sqlite:///{tmp_path}/records.db")
    store.migrate()
    lock_file = tmp_path / f"records.db{SUFFIX}"
    assert lock_file.exists() and (lock_file.stat().st_mode & 0o777) == 0o600
    other = os.open(lock_file, os.O_RDWR)  # another open file: to flock, another process
    fcntl.flock(other, fcntl.LOCK_EX)
    record = make_record(call_id="waits")
    done = threading.Event()
    writer = threading.Thread(target=lambda: (store.add([record]), done.set()))
    try:
        writer.start()
        assert not done.wait(0.3)  # held back while the other writer holds the store
        assert store.get(record.suggestion_id) is None
    finally:
        fcntl.flock(other, fcntl.LOCK_UN)
        os.close(other)
    writer.join(timeout=10)
    assert done.is_set() and store.get(record.suggestion_id) is not None
    store.close()


def _write(url: str, call_id: str, count: int) -> None:
    store = RecordStore.from_url(url)
    for i in range(count):
        store.add([make_record(call_id=call_id, seconds=i)])
    store.close()


def test_workers_writing_one_sqlite_file_at_once_lose_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/records.db"
    RecordStore.from_url(url).migrate()
    context = multiprocessing.get_context("spawn")  # as uvicorn starts its workers
    workers = [context.Process(target=_write, args=(url, f"W-{k}", 150)) for k in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=120)
    assert [w.exitcode for w in workers] == [0, 0, 0]
    store = RecordStore.from_url(url)
    assert [len(store.for_call(f"W-{k}")) for k in range(3)] == [150, 150, 150]


@pytest.mark.parametrize("url", ["sqlite://", "postgresql+psycopg://postgres@127.0.0.1:5432/test"])
def test_no_lock_file_without_a_sqlite_file(url: str) -> None:
    """In-memory SQLite has one connection; a server database orders its own writers."""
    assert RecordStore.from_url(url).writing.path is None
