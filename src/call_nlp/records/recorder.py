"""Records every suggestion: into the store when it answers, else into the spool, replayed later.

A triage never waits on a broken store: after one failed write the recorder is
*degraded* and sends records straight to the spool, while a background thread probes the
store every ``retry_seconds``, replays the spool into it, and clears the degraded state
once the spool is empty. A successful write that finds records waiting (left by another
worker or a previous run) wakes the thread at once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.exc import SQLAlchemyError

from call_nlp.records.record import SuggestionRecord
from call_nlp.records.spool import Spool
from call_nlp.records.store import RecordStore, is_unavailable

log = logging.getLogger("call_nlp.records")


@dataclass(frozen=True)
class RecorderStatus:
    store: str  #: "ok" or "degraded"
    spool_records: int
    rejected_records: int
    reason: str | None


class Recorder:
    """The store and its spool, and the thread that replays one into the other."""

    def __init__(self, store: RecordStore, spool: Spool, retry_seconds: float) -> None:
        self.store = store
        self.spool = spool
        self.retry_seconds = retry_seconds
        self._healthy = False
        self._migrated = False
        self._reason: str | None = "not started"
        self._replay_lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Migrate and replay once (failures leave it degraded, never raise), then start the thread."""
        self.replay()
        self._thread = threading.Thread(target=self._run, name="record-replay", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
        self.store.close()

    @property
    def healthy(self) -> bool:
        return self._healthy

    def record(self, records: Sequence[SuggestionRecord]) -> bool:
        """True when the store has the records; False when they were spooled instead.

        Raises `OSError` only if the spool cannot be written either.
        """
        if self._healthy:
            try:
                self.store.add(records)
            except SQLAlchemyError as exc:
                self._degrade(exc)
            else:
                if self.spool.size():
                    self._wake.set()
                return True
        self.spool.append(records)
        return False

    def replay(self) -> int:
        """Bring the schema up to date and move spooled records into the store; never raises."""
        with self._replay_lock:
            try:
                if not self._migrated:
                    self.store.migrate()
                    self._migrated = True
                moved = self.spool.replay(self._write_replayed)
            except (SQLAlchemyError, OSError) as exc:
                self._degrade(exc)
                return 0
            if moved:
                log.info("replayed %d spooled record(s) into the store", moved)
            if not self._healthy:
                log.info("record store available")
            self._healthy, self._reason = True, None
            return moved

    def status(self) -> RecorderStatus:
        return RecorderStatus(
            store="ok" if self._healthy else "degraded",
            spool_records=self.spool.size(),
            rejected_records=self.spool.rejected(),
            reason=self._reason,
        )

    def _write_replayed(self, records: list[SuggestionRecord]) -> None:
        try:
            self.store.add(records)
        except SQLAlchemyError as exc:
            if is_unavailable(exc):
                raise
            for record in records:  # find the record the store refuses; keep the others
                try:
                    self.store.add([record])
                except SQLAlchemyError as one:
                    if is_unavailable(one):
                        raise
                    log.error("record %s refused by the store (%s); kept in the spool's rejected.jsonl",
                              record.suggestion_id, type(one).__name__)
                    self.spool.reject([record])

    def _degrade(self, exc: BaseException) -> None:
        # the status (shown on the unauthenticated /readyz) names the error only; details go to the log
        reason = type(exc).__name__
        detail = str(exc).splitlines()[0][:300] if str(exc) else ""  # first line: never the SQL parameters
        if self._healthy or self._reason != reason:
            log.error("record store unavailable, spooling records to %s: %s: %s", self.spool.directory, reason, detail)
        self._healthy, self._reason = False, reason

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self.retry_seconds)
            self._wake.clear()
            if self._stop.is_set():
                break
            if not self._healthy or self.spool.size():
                self.replay()
