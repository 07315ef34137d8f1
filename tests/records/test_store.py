"""The record store on SQLite and (with $CALL_NLP_TEST_POSTGRES_URL) PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, inspect, select, text

from call_nlp.records.migrations import LATEST, MigrationError, migrate
from call_nlp.records.models import metadata, schema_version, suggestions
from call_nlp.records.record import ReviewRecord, SuggestionRecord
from call_nlp.records.store import RecordStore, ReviewExists, SuggestionNotFound
from tests.records.conftest import make_record


def _review(suggestion_id: str, **overrides: object) -> ReviewRecord:
    values: dict[str, object] = dict(
        suggestion_id=suggestion_id,
        reviewed_at=datetime(2026, 11, 26, 22, 5, tzinfo=UTC),
        decision="overridden",
        response_model="standard_dispatch",
        crisis_type=None,
        violence_risk="elevated",
        reason="knife was taken away",
        reviewer="ct-104",
        reviewer_verified=True,
        reviewer_role="call-taker",
    )
    values.update(overrides)
    return ReviewRecord(**values)  # type: ignore[arg-type]


def _count(store: RecordStore) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(suggestions)).scalar_one())


def test_store_record_round_trips(store: RecordStore) -> None:
    record = make_record()
    assert store.add([record]) == 1
    stored = store.get(record.suggestion_id)
    assert stored is not None and stored.review is None
    assert stored.record == record  # every field, datetimes in UTC, JSON columns included


def test_store_add_is_idempotent_by_suggestion_id(store: RecordStore) -> None:
    first, second = make_record(), make_record()
    assert store.add([first]) == 1
    assert store.add([first, second]) == 1
    assert store.add([first, second]) == 0
    assert _count(store) == 2


def test_store_review_once_then_refused(store: RecordStore) -> None:
    record = make_record()
    store.add([record])
    store.add_review(_review(record.suggestion_id))
    with pytest.raises(ReviewExists):
        store.add_review(_review(record.suggestion_id, decision="accepted", response_model="co_response"))
    stored = store.get(record.suggestion_id)
    assert stored is not None and stored.review == _review(record.suggestion_id)  # the first one, unchanged


def test_store_review_of_unknown_suggestion_is_refused(store: RecordStore) -> None:
    with pytest.raises(SuggestionNotFound):
        store.add_review(_review("no-such-id"))
    assert store.get("no-such-id") is None


def test_store_call_sequence_is_ordered_by_time(store: RecordStore) -> None:
    later, first, middle = make_record(seconds=30), make_record(seconds=0), make_record(seconds=10)
    store.add([later, first, make_record(call_id="OTHER"), middle])
    store.add_review(_review(middle.suggestion_id))
    sequence = store.for_call("C-1")
    assert [s.record.suggestion_id for s in sequence] == [first.suggestion_id, middle.suggestion_id, later.suggestion_id]
    assert [s.review is not None for s in sequence] == [False, True, False]
    assert store.for_call("NONE") == []


def test_store_migrations_are_recorded_and_run_once(store: RecordStore) -> None:
    assert store.migrate() == LATEST  # second run: nothing to do
    with store.engine.connect() as conn:
        versions = conn.execute(select(schema_version.c.version)).scalars().all()
    assert versions == list(range(1, LATEST + 1))


def test_store_migrated_schema_matches_the_models(store: RecordStore) -> None:
    found = inspect(store.engine)
    for table in metadata.sorted_tables:
        assert {c["name"] for c in found.get_columns(table.name)} == set(table.c.keys()), table.name


def test_store_refuses_a_newer_schema(store: RecordStore) -> None:
    with store.engine.begin() as conn:
        conn.execute(
            schema_version.insert().values(version=LATEST + 1, description="future", applied_at=datetime.now(UTC))
        )
    with pytest.raises(MigrationError, match="newer"):
        migrate(store.engine)


def test_store_sqlite_uses_a_write_ahead_log(tmp_path) -> None:  # noqa: ANN001
    store = RecordStore.from_url(f"sqlite:///{tmp_path / 'sub' / 'r.db'}")
    store.migrate()
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
    store.close()


def test_store_sqlite_direct_insert_stores_what_sqlalchemy_would(tmp_path) -> None:  # noqa: ANN001
    """The SQLite inserter (sqlite_insert.py) writes each column as SQLAlchemy's own insert does,
    so records read back the same whichever wrote them; a stored id is skipped, not an error."""
    store = RecordStore.from_url(f"sqlite:///{tmp_path / 'r.db'}")
    store.migrate()
    direct = make_record(call_id="D-1", district="D4", medical_needs=["breathing"])
    through_sqlalchemy = make_record(call_id="D-1", district="D4", medical_needs=["breathing"])
    assert store.add([direct]) == 1 and store.add([direct, make_record(call_id="D-2")]) == 1
    with store.engine.begin() as conn:
        conn.execute(suggestions.insert(), [vars(through_sqlalchemy).copy()])
    with store.engine.connect() as conn:  # the raw values SQLite holds, column by column
        raw = {row.suggestion_id: row for row in conn.execute(text("SELECT * FROM suggestion_records"))}
    assert [v for k, v in raw[direct.suggestion_id]._mapping.items() if k != "suggestion_id"] == [
        v for k, v in raw[through_sqlalchemy.suggestion_id]._mapping.items() if k != "suggestion_id"]
    stored = store.get(direct.suggestion_id)
    assert stored is not None and stored.record == direct
    store.close()


def test_store_sqlite_direct_insert_failure_is_a_sqlalchemy_error(tmp_path) -> None:  # noqa: ANN001
    """A refused record raises what SQLAlchemy would raise (the recorder sets it aside), and the
    next insert works on a new connection."""
    from sqlalchemy.exc import IntegrityError

    store = RecordStore.from_url(f"sqlite:///{tmp_path / 'r.db'}")
    store.migrate()
    with pytest.raises(IntegrityError):
        store.add([make_record(model_version=None)])  # NOT NULL
    assert store.add([make_record()]) == 1 and _count(store) == 1
    store.close()


def test_store_sqlite_batch_of_several_statements_is_one_transaction(tmp_path) -> None:  # noqa: ANN001
    """A batch longer than one INSERT statement holds is still stored whole or not at all, and an
    id repeated across its statements is stored once."""
    from sqlalchemy.exc import IntegrityError

    from call_nlp.records.sqlite_insert import ROWS_PER_STATEMENT

    store = RecordStore.from_url(f"sqlite:///{tmp_path / 'r.db'}")
    store.migrate()
    records = [make_record(call_id=f"B-{i}") for i in range(2 * ROWS_PER_STATEMENT + 5)]
    with pytest.raises(IntegrityError):  # the refused record is in the last statement
        store.add([*records, make_record(model_version=None)])
    assert _count(store) == 0
    assert store.add([*records, *records[:3]]) == len(records)
    assert _count(store) == len(records)
    assert store.add(records[-ROWS_PER_STATEMENT - 2:]) == 0
    stored = store.get(records[-1].suggestion_id)
    assert stored is not None and stored.record == records[-1]
    store.close()


def test_store_sqlite_files_are_readable_by_their_owner_only(tmp_path) -> None:  # noqa: ANN001
    """They hold redacted notes and HMACs: 0600, like the HMAC key and the spool."""
    import os
    import stat

    store = RecordStore.from_url(f"sqlite:///{tmp_path / 'r.db'}")
    store.migrate()
    store.add([make_record()])
    files = [p for p in tmp_path.iterdir() if p.name.startswith("r.db") and not p.name.endswith(".write-lock")]
    assert {p.name for p in files} >= {"r.db", "r.db-wal"}
    assert {p.name: stat.S_IMODE(os.stat(p).st_mode) for p in files} == {p.name: 0o600 for p in files}
    store.close()


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_store_postgres_connections_time_out_stuck_statements(database_url: str) -> None:
    """A stuck statement is cancelled by the server, a frozen link closes the connection: neither
    holds a connection for minutes (issue 11, point 4)."""
    from call_nlp.records.store import STATEMENT_TIMEOUT_MS, TCP_USER_TIMEOUT_MS

    store = RecordStore.from_url(database_url)
    with store.engine.connect() as conn:
        assert conn.execute(text("SHOW statement_timeout")).scalar_one() == f"{STATEMENT_TIMEOUT_MS // 1000}s"
        assert conn.connection.dbapi_connection.info.get_parameters()["tcp_user_timeout"] == str(TCP_USER_TIMEOUT_MS)
    store.close()


def _store_at(database_url: str, version: int, record: SuggestionRecord, later_columns: tuple[str, ...]) -> RecordStore:
    """A store as schema ``version`` left it, holding ``record`` without the columns of later versions."""
    from call_nlp.records.migrations import MIGRATIONS

    store = RecordStore.from_url(database_url)
    with store.engine.begin() as conn:
        schema_version.create(conn)
        for number, description, apply in MIGRATIONS[:version]:
            apply(conn)
            conn.execute(schema_version.insert().values(version=number, description=description,
                                                        applied_at=datetime.now(UTC)))
        conn.execute(suggestions.insert().values(**{k: v for k, v in vars(record).items() if k not in later_columns}))
    return store


def test_store_migration_3_fills_in_the_margin_of_records_stored_before_it(database_url: str) -> None:
    from call_nlp.uncertainty import margin

    old = make_record(probabilities={"crisis_type": {"psychosis": 0.5, "suicide_risk": 0.3, "welfare_check": 0.2},
                                     "violence_risk": {"low": 0.9, "elevated": 0.1}})
    store = _store_at(database_url, 2, old, later_columns=("margin", "incident_type"))
    assert store.migrate() == LATEST
    assert store.get(old.suggestion_id).record.margin == margin(old.probabilities) == 0.2
    store.close()


def test_store_migration_4_adds_the_incident_type_and_keeps_older_records(database_url: str) -> None:
    from dataclasses import replace

    old = make_record()
    store = _store_at(database_url, 3, old, later_columns=("incident_type",))
    assert store.migrate() == LATEST
    assert store.get(old.suggestion_id).record == old  # read back whole, with no incident type
    new = replace(make_record(), incident_type="Psychiatric | MNTL")
    store.add([new])
    assert store.get(new.suggestion_id).record.incident_type == "Psychiatric | MNTL"
    store.close()


def test_store_review_queue_least_sure_first_one_per_call_none_of_a_reviewed_call(store: RecordStore) -> None:
    def probs(top: float) -> dict[str, dict[str, float]]:
        return {"crisis_type": {"psychosis": top, "substance_use": 1 - top}, "violence_risk": {"low": 0.95, "elevated": 0.05}}

    a1 = make_record("A", 1, probabilities=probs(0.9))
    a2 = make_record("A", 2, probabilities=probs(0.55))  # A's least sure
    b = make_record("B", 3, probabilities=probs(0.7))
    lone = make_record(None, 4, probabilities=probs(0.52))  # no call id: a call of its own
    tie = make_record(None, 5, probabilities=probs(0.52))  # same margin, newer: first
    c1, c2 = make_record("C", 6, probabilities=probs(0.51)), make_record("C", 7, probabilities=probs(0.99))
    store.add([a1, a2, b, lone, tie, c1, c2])
    store.add_review(_review(c2.suggestion_id))  # C has been labeled: none of its notes come back
    queue = store.review_queue(10)
    assert [q.suggestion_id for q in queue] == [tie.suggestion_id, lone.suggestion_id, a2.suggestion_id, b.suggestion_id]
    assert [q.margin for q in queue] == [0.04, 0.04, 0.1, 0.4]
    assert queue[2].call_id == "A" and queue[2].created_at == a2.created_at
    assert [q.suggestion_id for q in store.review_queue(2)] == [tie.suggestion_id, lone.suggestion_id]
