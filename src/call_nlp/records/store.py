"""The record store: suggestion records and reviews in SQLite or PostgreSQL, through SQLAlchemy."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Table, create_engine, event, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError, SQLAlchemyError

from call_nlp.records.migrations import migrate
from call_nlp.records.models import reviews, suggestions
from call_nlp.records.record import ReviewRecord, StoredSuggestion, SuggestionRecord, as_utc
from call_nlp.records.secret import sqlite_path
from call_nlp.records.sqlite_insert import BUSY_TIMEOUT_S, PRAGMAS, SqliteInserter
from call_nlp.records.write_lock import WriteLock

CONNECT_TIMEOUT_S = 5
#: PostgreSQL: a statement running longer is cancelled by the server; unacknowledged data on a
#: connection for longer closes it (libpq's tcp_user_timeout); a pool checkout waits this long.
STATEMENT_TIMEOUT_MS = 10_000
TCP_USER_TIMEOUT_MS = 10_000
POOL_TIMEOUT_S = 5
_STREAM_ROWS = 1000


class SuggestionNotFound(LookupError):
    """No record with this suggestion id."""


class ReviewExists(RuntimeError):
    """The suggestion already has a review; reviews are never overwritten."""


def is_unavailable(exc: BaseException) -> bool:
    """True when the error says the database cannot be reached, not that the data was refused."""
    return isinstance(exc, (OperationalError, InterfaceError)) or (
        isinstance(exc, SQLAlchemyError) and getattr(exc, "connection_invalidated", False)
    )


def error_summary(exc: BaseException) -> str:
    """What of a store error may be logged: its first line, cut to 300 characters (the SQL
    parameters, which hold note text, come on later lines; the engines hide them too)."""
    text = str(exc)
    return text.splitlines()[0][:300] if text else ""


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets its folder, a write-ahead log and full fsync."""
    db_file = sqlite_path(url)
    if db_file is not None:
        Path(db_file).parent.mkdir(parents=True, exist_ok=True)
        # it holds redacted notes and their HMACs: readable by its owner only, as the key and the
        # spool are (SQLite gives its -wal and -shm files the database file's mode)
        os.close(os.open(db_file, os.O_CREAT | os.O_WRONLY, 0o600))
        engine = create_engine(url, hide_parameters=True, connect_args={"timeout": BUSY_TIMEOUT_S})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    connect_args: dict[str, Any] = {}
    if url.startswith("postgresql"):
        # a frozen link or a stuck statement gives its connection back within seconds instead of
        # holding it (and the writer thread) for minutes; requests are bounded by the recorder's
        # budget either way (recorder.py)
        connect_args.update(connect_timeout=CONNECT_TIMEOUT_S, tcp_user_timeout=TCP_USER_TIMEOUT_MS)
        engine = create_engine(url, hide_parameters=True, pool_pre_ping=True, pool_timeout=POOL_TIMEOUT_S,
                               connect_args=connect_args)
        event.listen(engine, "connect", _postgres_timeouts)
        return engine
    return create_engine(url, hide_parameters=True, pool_pre_ping=True, connect_args=connect_args)


def _postgres_timeouts(dbapi_connection: Any, _record: Any) -> None:
    with dbapi_connection.cursor() as cursor:
        cursor.execute(f"SET statement_timeout = {STATEMENT_TIMEOUT_MS}")
    dbapi_connection.commit()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    for pragma in PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


@dataclass(frozen=True)
class QueueItem:
    """One suggestion waiting for a person's labels (`RecordStore.review_queue`)."""

    suggestion_id: str
    call_id: str | None
    margin: float
    created_at: datetime


class RecordStore:
    """Inserts and reads records; never updates or deletes them."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        database = sqlite_path(str(engine.url))
        #: one writer at a time across the processes sharing a SQLite file (see write_lock.py)
        self.writing = WriteLock(database)
        #: a SQLite file's records are inserted on a connection each writing thread keeps
        #: (sqlite_insert.py); the inserter follows the store's engine, should it be replaced
        self._sqlite: tuple[Engine, SqliteInserter | None] = (engine, SqliteInserter(engine, database) if database else None)

    @classmethod
    def from_url(cls, url: str) -> RecordStore:
        return cls(make_engine(url))

    def migrate(self) -> int:
        with self.writing.held():
            return migrate(self.engine)

    def close(self) -> None:
        inserter = self._sqlite[1]
        if inserter is not None:
            inserter.close()
        self.engine.dispose()
        self.writing.close()

    def add(self, records: Sequence[SuggestionRecord]) -> int:
        """Insert the records not stored yet (idempotent by suggestion id); returns how many were new."""
        if not records:
            return 0
        with self.writing.held():
            try:
                return self._insert_new(records)
            except IntegrityError:  # another replica stored some of these ids in between: look again
                return self._insert_new(records)

    def add_each(self, groups: Sequence[Sequence[SuggestionRecord]]) -> list[SQLAlchemyError | None]:
        """`add` every group in one transaction; if the database refuses it (rather than cannot be
        reached), each group on its own, so that one refused record never costs another group its
        place in the store. Each group's error, None when it is stored. Raises the error when the
        database cannot be reached (`is_unavailable`), or when a single group is refused."""
        try:
            self.add([r for group in groups for r in group])
            return [None] * len(groups)
        except SQLAlchemyError as exc:
            if len(groups) == 1 or is_unavailable(exc):
                raise
        errors: list[SQLAlchemyError | None] = []
        for group in groups:
            try:
                self.add(group)
                errors.append(None)
            except SQLAlchemyError as one:
                errors.append(one)
        return errors

    def _insert_new(self, records: Sequence[SuggestionRecord]) -> int:
        inserter = self._sqlite_inserter()
        if inserter is not None:
            return inserter.insert(records)
        statement = _insert_or_skip(self.engine.dialect.name)
        if statement is not None:  # one statement: rows whose id is stored already are skipped by the database
            with self.engine.begin() as conn:
                return len(conn.execute(statement, [vars(r).copy() for r in records]).all())
        with self.engine.begin() as conn:
            ids = [r.suggestion_id for r in records]
            present = set(
                conn.execute(select(suggestions.c.suggestion_id).where(suggestions.c.suggestion_id.in_(ids))).scalars()
            )
            rows = [vars(r).copy() for r in records if r.suggestion_id not in present]
            if rows:
                conn.execute(suggestions.insert(), rows)
            return len(rows)

    def _sqlite_inserter(self) -> SqliteInserter | None:
        engine, inserter = self._sqlite
        if engine is not self.engine:
            if inserter is not None:
                inserter.close()
            database = sqlite_path(str(self.engine.url))
            inserter = SqliteInserter(self.engine, database) if database else None
            self._sqlite = (self.engine, inserter)
        return inserter

    def get(self, suggestion_id: str) -> StoredSuggestion | None:
        with self.engine.connect() as conn:
            query = (
                select(suggestions, *_review_columns())
                .outerjoin(reviews, reviews.c.suggestion_id == suggestions.c.suggestion_id)
                .where(suggestions.c.suggestion_id == suggestion_id)
            )
            row = conn.execute(query).mappings().first()
        return None if row is None else _stored(row)

    def for_call(self, call_id: str) -> list[StoredSuggestion]:
        """Every suggestion of a call, oldest first."""
        with self.engine.connect() as conn:
            query = (
                select(suggestions, *_review_columns())
                .outerjoin(reviews, reviews.c.suggestion_id == suggestions.c.suggestion_id)
                .where(suggestions.c.call_id == call_id)
                .order_by(suggestions.c.created_at, suggestions.c.suggestion_id)
            )
            return [_stored(row) for row in conn.execute(query).mappings()]

    def between(
        self, since: datetime | None = None, until: datetime | None = None, *, reviewed_only: bool = False
    ) -> Iterator[StoredSuggestion]:
        """Suggestions made in ``[since, until)`` (either end open when None), oldest first, with reviews.

        Streamed: the rows are read while the caller iterates, so a large store is never loaded at once.
        """
        query = select(suggestions, *_review_columns())
        query = (
            query.join(reviews, reviews.c.suggestion_id == suggestions.c.suggestion_id)
            if reviewed_only
            else query.outerjoin(reviews, reviews.c.suggestion_id == suggestions.c.suggestion_id)
        )
        if since is not None:
            query = query.where(suggestions.c.created_at >= as_utc(since))
        if until is not None:
            query = query.where(suggestions.c.created_at < as_utc(until))
        query = query.order_by(suggestions.c.created_at, suggestions.c.suggestion_id)
        with self.engine.connect() as conn:
            for row in conn.execution_options(yield_per=_STREAM_ROWS).execute(query).mappings():
                yield _stored(row)

    def review_queue(self, limit: int) -> list[QueueItem]:
        """Unreviewed suggestions, least sure first (smallest `uncertainty.margin`; the newest on a
        tie), at most one per call (its least sure), and none of a call already reviewed."""
        s, r = suggestions.c, reviews.c
        reviewed_calls = (select(suggestions.c.call_id).join(reviews, r.suggestion_id == s.suggestion_id)
                          .where(s.call_id.is_not(None)))
        ranked = (
            select(s.suggestion_id, s.call_id, s.margin, s.created_at,
                   func.row_number().over(partition_by=func.coalesce(s.call_id, s.suggestion_id),
                                          order_by=(func.coalesce(s.margin, 1.0), s.created_at.desc())).label("rank"))
            .outerjoin(reviews, r.suggestion_id == s.suggestion_id)
            .where(r.suggestion_id.is_(None), or_(s.call_id.is_(None), s.call_id.not_in(reviewed_calls)))
            .subquery()
        )
        query = (select(ranked.c.suggestion_id, ranked.c.call_id, ranked.c.margin, ranked.c.created_at)
                 .where(ranked.c.rank == 1)
                 .order_by(func.coalesce(ranked.c.margin, 1.0), ranked.c.created_at.desc(), ranked.c.suggestion_id)
                 .limit(limit))
        with self.engine.connect() as conn:
            return [QueueItem(row.suggestion_id, row.call_id, 1.0 if row.margin is None else float(row.margin),
                              as_utc(row.created_at)) for row in conn.execute(query)]

    def add_review(self, review: ReviewRecord) -> None:
        """Store the review; `SuggestionNotFound` or `ReviewExists` instead of overwriting anything."""
        try:
            with self.writing.held(), self.engine.begin() as conn:
                found = conn.execute(
                    select(suggestions.c.suggestion_id).where(suggestions.c.suggestion_id == review.suggestion_id)
                ).first()
                if found is None:
                    raise SuggestionNotFound(review.suggestion_id)
                conn.execute(reviews.insert().values(**vars(review)))
        except IntegrityError as exc:
            raise ReviewExists(review.suggestion_id) from exc


#: Dialects whose INSERT can skip rows that conflict with a stored id (ON CONFLICT DO NOTHING);
#: any other database is asked which ids it holds first.
_INSERT_OR_SKIP: dict[str, Callable[[Table], Any]] = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


@cache
def _insert_or_skip(dialect: str) -> Any:
    """The dialect's insert-or-skip statement returning the ids it stored, built once (building
    it costs more than running it); None for other dialects."""
    insert = _INSERT_OR_SKIP.get(dialect)
    if insert is None:
        return None
    return (insert(suggestions).on_conflict_do_nothing(index_elements=[suggestions.c.suggestion_id])
            .returning(suggestions.c.suggestion_id))

_REVIEW_PREFIX = "review__"


def _review_columns() -> list[Any]:
    return [c.label(f"{_REVIEW_PREFIX}{c.name}") for c in reviews.c]


def _stored(row: Any) -> StoredSuggestion:
    data = dict(row)
    review = {k.removeprefix(_REVIEW_PREFIX): data.pop(k) for k in list(data) if k.startswith(_REVIEW_PREFIX)}
    record = SuggestionRecord(**{**data, "created_at": as_utc(data["created_at"])})
    if review["suggestion_id"] is None:
        return StoredSuggestion(record, None)
    return StoredSuggestion(record, ReviewRecord(**{**review, "reviewed_at": as_utc(review["reviewed_at"])}))
