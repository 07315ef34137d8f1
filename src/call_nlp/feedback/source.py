"""Where the feedback commands read from: the record store of a URL, over a time range of suggestions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from call_nlp.records.secret import sqlite_path
from call_nlp.records.store import RecordStore


class StoreNotFound(RuntimeError):
    """The database URL names a SQLite file that does not exist (nothing was ever recorded there)."""


@dataclass(frozen=True)
class TimeRange:
    """Suggestions made in ``[since, until)``, UTC; either end open when None."""

    since: datetime | None = None
    until: datetime | None = None

    def __post_init__(self) -> None:
        if self.since is not None and self.until is not None and self.since >= self.until:
            raise ValueError(f"--since {self.since.isoformat()} is not before --until {self.until.isoformat()}")

    def describe(self) -> str:
        if self.since is None and self.until is None:
            return "all recorded suggestions"
        if self.until is None:
            return f"suggestions made from {self.since.isoformat()} on"  # type: ignore[union-attr]
        if self.since is None:
            return f"suggestions made before {self.until.isoformat()}"
        return f"suggestions made from {self.since.isoformat()} to {self.until.isoformat()} (end excluded)"

    def to_json(self) -> dict[str, str | None]:
        return {
            "since": None if self.since is None else self.since.isoformat(),
            "until": None if self.until is None else self.until.isoformat(),
        }


def parse_moment(value: str, *, end_of_day: bool = False) -> datetime:
    """An ISO date or date-time as an aware UTC datetime; a zone-less value is taken as UTC.

    A bare date means the start of that day, or with ``end_of_day`` the start of the next
    one, so ``--until 2026-11-30`` includes all of November 30.
    """
    text = value.strip()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        pass
    else:
        moment = datetime.combine(day + timedelta(days=1) if end_of_day else day, time(), tzinfo=UTC)
        return moment
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO date or date-time (e.g. 2026-11-26 or 2026-11-26T22:00Z)") from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def default_database_url() -> str:
    """The store the service records into: ``CALL_NLP_DATABASE_URL`` or its default, as the service reads it."""
    from call_nlp.api.settings import load_settings

    return load_settings().database_url


def open_store(database_url: str) -> RecordStore:
    """The store at ``database_url``, its schema brought up to date as the service does at start.

    A SQLite URL whose file does not exist is an error rather than a new, empty database.
    """
    db_file = sqlite_path(database_url)
    if db_file is not None and not db_file.is_file():
        raise StoreNotFound(f"no record store at {db_file} (set --database-url or CALL_NLP_DATABASE_URL)")
    store = RecordStore.from_url(database_url)
    try:
        store.migrate()
    except BaseException:
        store.close()
        raise
    return store


def store_label(store: RecordStore) -> str:
    """The store's URL without its password, for reports."""
    return store.engine.url.render_as_string(hide_password=True)
