"""Records every suggestion: into the store when it answers, else into the spool, replayed later.

A triage never waits on a broken store: after one failed write the recorder is
*degraded* and sends records straight to the spool, while a background thread probes the
store every ``retry_seconds``, replays the spool into it (also records another worker or a
previous run left there), and clears the degraded state once the spool is empty.

Writes are *group commits*: one writer stores the records of every request waiting at that
moment in one transaction, and each request returns once its records are committed. A
committed record is as durable as before (SQLite keeps ``synchronous=FULL``), but concurrent
requests share one commit instead of queueing for the database's write lock one by one.

The writer is a thread of this process, or, for the service's requests (`record_async`), a
process of its own once `start_process` attached one (`writer_process`: no second thread takes
the GIL from the event loop). The thread takes the records whenever no process is attached.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy.exc import SQLAlchemyError

from call_nlp.records.record import SuggestionRecord
from call_nlp.records.spool import Spool
from call_nlp.records.store import RecordStore, error_summary, is_unavailable
from call_nlp.records.writer_process import ProcessWriter, WriterGone

log = logging.getLogger("call_nlp.records")


class StoreTimeout(Exception):
    """The store did not commit within the recorder's budget."""


@dataclass(frozen=True)
class RecorderStatus:
    store: str  #: "ok" or "degraded"
    spool_records: int | None  #: None when the spool cannot be read
    rejected_records: int | None
    reason: str | None
    spool_error: str | None = None  #: why the spool cannot be read (the error's kind)
    lost_records: int = 0  #: records neither stored nor spooled since the service started
    stored_records: int = 0  #: records committed to the store by `record` and `record_async` since start
    spooled_records: int = 0  #: records sent to the spool instead since start (replayed later)
    writer: str = "thread"  #: what commits the service's records now: "process" or "thread"


@dataclass
class _Pending:
    """One request's records waiting for the writer, and what became of them: once the writer is
    done with them, its future is set to the error, or None when they are stored."""

    records: Sequence[SuggestionRecord]
    error: Exception | None = None
    #: a thread's future (`record`), set by the writer
    done: Future[Exception | None] | None = None
    #: or a coroutine's (`record_async`), set on its own event loop: the writer wakes each loop
    #: once per transaction, however many of its requests the transaction stored
    waiter: asyncio.Future[Exception | None] | None = None


def _expire(waiter: asyncio.Future[Exception | None], error: Callable[[], Exception]) -> None:
    """The budget is over: the request goes on without its commit (the records are spooled)."""
    if not waiter.done():
        waiter.set_result(error())


def _settle(pending: list[_Pending]) -> None:
    """On their event loop: tell the coroutines what became of their records."""
    for p in pending:
        if p.waiter is not None and not p.waiter.done():  # done: the request was cancelled
            p.waiter.set_result(p.error)


class Recorder:
    """The store and its spool, and the thread that replays one into the other."""

    def __init__(self, store: RecordStore, spool: Spool, retry_seconds: float,
                 budget_seconds: float | None = None) -> None:
        self.store = store
        self.spool = spool
        self.retry_seconds = retry_seconds
        #: The longest a request waits for its records' commit; past it they are spooled and the
        #: recorder is degraded (None: no limit). A hung database never holds back a suggestion.
        self.budget_seconds = budget_seconds
        self._healthy = False
        self._migrated = False
        self._reason: str | None = "not started"
        self._replay_lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._queue: list[_Pending] = []
        self._queued = threading.Condition()
        self._writer: threading.Thread | None = None
        self._lost = 0  #: records neither stored nor spooled since start
        self._stored = 0
        self._spooled = 0
        self._process: ProcessWriter | None = None

    def start(self) -> None:
        """Migrate and replay once (failures leave it degraded, never raise), then start the threads."""
        self.replay()
        self._thread = threading.Thread(target=self._run, name="record-replay", daemon=True)
        self._thread.start()
        self._writer = threading.Thread(target=self._write_loop, name="record-writer", daemon=True)
        self._writer.start()

    def start_process(self) -> None:
        """Start a writer process for `record_async` (`writer_process`); from a coroutine on the
        event loop that will record. Until it is ready, and whenever none is attached, the
        writer thread stores the records."""
        self._process = ProcessWriter(self.store.engine.url.render_as_string(hide_password=False))
        self._process.start()

    async def stop_process(self) -> None:
        """Stop the writer process, once it has committed what it was sent (before `stop`)."""
        if self._process is not None:
            await self._process.close()
            self._process = None

    def stop(self) -> None:
        """Store what is queued, stop both threads and close the store."""
        with self._queued:
            self._stop.set()
            self._queued.notify_all()
        self._wake.set()
        for thread in (self._writer, self._thread):
            if thread is not None:
                thread.join(timeout=30)
        self.store.close()

    @property
    def healthy(self) -> bool:
        return self._healthy

    def record(self, records: Sequence[SuggestionRecord]) -> bool:
        """True when the store has the records; False when they were spooled instead.

        Raises `OSError` only if the spool cannot be written either.
        """
        if self._healthy:
            done: Future[Exception | None] = Future()
            self._submit(_Pending(records, done=done))
            try:
                error = done.result(timeout=self.budget_seconds)
            except FutureTimeout:
                error = self._over_budget()
            if error is None:
                self._count_stored(len(records))
                return True
            self._degrade(error)
        self._spool(records)
        return False

    async def record_async(self, records: Sequence[SuggestionRecord]) -> bool:
        """`record` for a coroutine: the event loop runs on while the writer commits."""
        if self._healthy:
            error = await self._commit(records)
            if error is None:
                self._count_stored(len(records))
                return True
            self._degrade(error)
        await asyncio.to_thread(self._spool, records)
        return False

    async def _commit(self, records: Sequence[SuggestionRecord]) -> Exception | None:
        """The records committed by the writer process, else by the thread, within the budget:
        None, or why not."""
        loop = asyncio.get_running_loop()
        deadline = None if self.budget_seconds is None else loop.time() + self.budget_seconds
        process = self._process
        if process is not None and (waiter := process.submit(records)) is not None:
            error = await self._settled(waiter, deadline)
            if isinstance(error, StoreTimeout):
                process.detach("no commit within the record budget")
            if not isinstance(error, WriterGone):
                return error
            # the process exited before it answered: the thread stores them (had the process
            # committed them, they are not stored twice)
        waiter = loop.create_future()
        self._submit(_Pending(records, waiter=waiter))
        return await self._settled(waiter, deadline)

    async def _settled(self, waiter: asyncio.Future[Exception | None], deadline: float | None) -> Exception | None:
        """What the writer made of the records, or `StoreTimeout` at the deadline. One timer
        settles the waiter then (not wait_for's task and shield: this runs for every request);
        the writer skips a settled waiter."""
        timer = None if deadline is None else asyncio.get_running_loop().call_at(
            deadline, _expire, waiter, self._over_budget)
        error = await waiter
        if timer is not None:
            timer.cancel()
        return error

    def _spool(self, records: Sequence[SuggestionRecord]) -> None:
        """Into the spool; when it cannot be written either, the records are lost: counted (for
        /readyz) and the OSError raised."""
        try:
            self.spool.append(records)
        except OSError:
            with self._queued:
                self._lost += len(records)
            raise
        with self._queued:
            self._spooled += len(records)

    def _count_stored(self, count: int) -> None:
        with self._queued:  # the event loop and the batch endpoint's threads both count
            self._stored += count

    def _over_budget(self) -> StoreTimeout:
        """The store took longer than the budget: the records go to the spool. Should the late
        write land too, each record is still stored once (the store skips a stored id)."""
        return StoreTimeout(f"no commit within {self.budget_seconds * 1000:.0f} ms")

    def _submit(self, pending: _Pending) -> None:
        """Queue the records for the writer's next transaction; the pending's future gives the
        error, if any. Before `start` or after `stop` (no writer), they are stored at once, alone."""
        with self._queued:
            writing = self._writer is not None and not self._stop.is_set()
            if writing:
                self._queue.append(pending)
                self._queued.notify()
        if not writing:
            self._write([pending])

    def _write_loop(self) -> None:
        while True:
            with self._queued:
                while not self._queue and not self._stop.is_set():
                    self._queued.wait()
                if not self._queue:
                    return  # stopped, and nothing is left to store
                batch, self._queue = self._queue, []
            self._write(batch)

    def _write(self, batch: list[_Pending]) -> None:
        """One transaction for the whole batch; if the store refuses it, each request's records
        on their own, so one refused record never costs another request its place in the store."""
        try:
            for p, error in zip(batch, self.store.add_each([p.records for p in batch]), strict=True):
                p.error = error
        except Exception as exc:  # the store is unreachable, or a bug: no request may count as recorded
            for p in batch:
                p.error = exc
        finally:
            waiting: dict[asyncio.AbstractEventLoop, list[_Pending]] = {}
            for p in batch:
                if p.done is not None:
                    p.done.set_result(p.error)
                elif p.waiter is not None:
                    waiting.setdefault(p.waiter.get_loop(), []).append(p)
            for loop, pending in waiting.items():
                try:
                    loop.call_soon_threadsafe(_settle, pending)
                except RuntimeError:  # that loop is closed: nobody waits for these any more
                    log.warning("%d stored record(s) had no one waiting for them", len(pending))

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
        """The store's state and the spool's counts; a spool that cannot be read is reported
        (counts None, the error's kind in ``spool_error``), never raised."""
        try:
            waiting, rejected, spool_error = self.spool.size(), self.spool.rejected(), None
        except OSError as exc:
            waiting, rejected, spool_error = None, None, type(exc).__name__
        return RecorderStatus(
            store="ok" if self._healthy else "degraded",
            spool_records=waiting,
            rejected_records=rejected,
            reason=self._reason,
            spool_error=spool_error,
            lost_records=self._lost,
            stored_records=self._stored,
            spooled_records=self._spooled,
            writer="process" if self._process is not None and self._process.attached else "thread",
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
        reason = getattr(exc, "kind", None) or type(exc).__name__  # the writer process's: the store's error
        detail = error_summary(exc)
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
