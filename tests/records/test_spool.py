"""The spool and the recorder: nothing lost and nothing doubled when the store goes away and comes back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from call_nlp.records.recorder import Recorder
from call_nlp.records.spool import PENDING, Spool
from call_nlp.records.store import RecordStore
from tests.records.conftest import make_record

DEAD_URL = "postgresql+psycopg://postgres@127.0.0.1:1/none"  # nothing listens on port 1


def _all(store: RecordStore, call_id: str = "C-1") -> list[str]:
    return [s.record.suggestion_id for s in store.for_call(call_id)]


def test_spool_append_is_durable_json_lines(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "spool")
    records = [make_record(), make_record()]
    spool.append(records)
    lines = (tmp_path / "spool" / PENDING).read_text().splitlines()
    assert [json.loads(line)["suggestion_id"] for line in lines] == [r.suggestion_id for r in records]
    assert (tmp_path / "spool" / PENDING).stat().st_mode & 0o777 == 0o600
    assert spool.size() == 2


def test_spool_replay_hands_over_everything_then_empties(tmp_path: Path) -> None:
    spool = Spool(tmp_path)
    records = [make_record(seconds=i) for i in range(5)]
    spool.append(records[:2])
    spool.append(records[2:])
    got: list = []
    assert spool.replay(got.extend) == 5
    assert got == records and spool.size() == 0


def test_spool_failed_replay_keeps_the_records(tmp_path: Path) -> None:
    spool = Spool(tmp_path)
    spool.append([make_record()])

    def down(_records: list) -> None:
        raise OSError("store is down")

    with pytest.raises(OSError):
        spool.replay(down)
    spool.append([make_record()])  # appends go on while a replay file waits
    assert spool.size() == 2
    got: list = []
    assert spool.replay(got.extend) == 2 and spool.size() == 0


def test_spool_skips_a_torn_last_line(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    spool = Spool(tmp_path)
    record = make_record()
    spool.append([record])
    with open(tmp_path / PENDING, "a") as fh:
        fh.write('{"suggestion_id": "cut sh')  # a crash in the middle of an append
    got: list = []
    assert spool.replay(got.extend) == 1
    assert got == [record] and "1 unreadable line" in caplog.text


def test_recorder_spools_while_the_store_is_down_and_replays_without_duplicates(
    database_url: str, tmp_path: Path
) -> None:
    store = RecordStore.from_url(database_url)
    recorder = Recorder(store, Spool(tmp_path / "spool"), retry_seconds=3600)
    recorder.start()
    try:
        assert recorder.healthy and recorder.record([make_record(seconds=0)]) is True
        working, store.engine = store.engine, create_engine(DEAD_URL)  # the store goes away
        during = [make_record(seconds=1), make_record(seconds=2)]
        assert recorder.record(during[:1]) is False
        assert recorder.record(during[1:]) is False  # degraded: straight to the spool
        assert recorder.status().store == "degraded" and recorder.status().spool_records == 2
        assert recorder.replay() == 0 and not recorder.healthy  # still down: kept
        store.engine = working  # it comes back
        assert recorder.replay() == 2
        assert recorder.status().store == "ok" and recorder.status().spool_records == 0
        assert len(_all(store)) == 3
        recorder.spool.append(during)  # a crash between storing and deleting the spool file
        assert recorder.replay() == 2
        assert len(_all(store)) == 3  # replayed again, stored once
    finally:
        recorder.stop()


def test_recorder_starts_degraded_when_the_store_is_unreachable(tmp_path: Path) -> None:
    recorder = Recorder(RecordStore.from_url(DEAD_URL), Spool(tmp_path), retry_seconds=3600)
    recorder.start()
    try:
        assert recorder.status().store == "degraded" and recorder.status().reason == "OperationalError"
        assert recorder.record([make_record()]) is False and recorder.spool.size() == 1
    finally:
        recorder.stop()


def test_recorder_sets_aside_a_record_the_store_refuses(database_url: str, tmp_path: Path) -> None:
    store = RecordStore.from_url(database_url)
    recorder = Recorder(store, Spool(tmp_path), retry_seconds=3600)
    recorder.start()
    try:
        good, bad = make_record(), make_record(call_id="X" * 500)  # longer than the column
        recorder.spool.append([good, bad])
        recorder.replay()
        assert store.get(good.suggestion_id) is not None
        status = recorder.status()
        if store.engine.dialect.name == "sqlite":  # SQLite does not enforce VARCHAR lengths
            assert status.rejected_records == 0
        else:
            assert status.rejected_records == 1 and store.get(bad.suggestion_id) is None
        assert status.store == "ok" and status.spool_records == 0
    finally:
        recorder.stop()
