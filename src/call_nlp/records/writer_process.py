"""The record writer in a process of its own, so that no second thread takes the GIL from the
service's event loop.

Every triage waits for its record's commit. With the writer a thread of the service's process,
that thread took the GIL after each database call, from the event loop's thread in the middle of
triaging the next note. At 4 connections a note's triage took 750 µs in the server against
580 µs with the writer in a process of its own (a prototype), and the server answered 20% more
requests per second (A/B of two servers, 5 alternating runs each: 689-715 against 803-921 req/s,
means 704 and 848).

`ProcessWriter` (in the service) starts the process, writes each request's records to a socket
pair and awaits the line that says they are committed. The process (`main`) stores the records
of every request waiting at that moment in one transaction (`RecordStore.add_each`) and answers
each request.

- The wire is JSON, one message per line, both ways, so nothing read from the socket can run code.
  To the process: ``{"url": ...}`` once, then ``[seq, [record, ...]]``, a record being the list
  of `SuggestionRecord`'s fields in order (``created_at`` in ISO format). From it:
  ``{"ready": true}`` once (or ``{"failed": kind}``, and it exits), then for each message
  ``seq`` (committed) or ``[seq, kind, detail]``.
- The process exits when the socket closes: when the service stops, or dies. It never
  outlives the service, and ignores SIGINT (Ctrl-C in a terminal reaches the whole process
  group; the service decides when its writer stops).
- The recorder uses its writer thread whenever no process is attached: while one starts, and
  after one exited or missed the record budget. Such a process is stopped, and another started
  `RESTART_AFTER_S` later.
"""

from __future__ import annotations

import asyncio
import json
import logging
import operator
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Sequence
from dataclasses import fields
from datetime import datetime
from typing import Any

from call_nlp.records.record import SuggestionRecord

log = logging.getLogger("call_nlp.records")

#: How long a new process has to open the store and say so; past it, it is stopped.
READY_TIMEOUT_S = 30.0
#: After a process exited, failed to start or was stopped, the next one starts this much later.
RESTART_AFTER_S = 5.0
#: Records written to the socket but not yet read by the process, in bytes: past it the
#: process is not keeping up, and the recorder's writer thread takes the records instead.
MAX_UNSENT_BYTES = 4 * 1024 * 1024
#: How long stopping waits for the process to exit before it is killed.
STOP_TIMEOUT_S = 10.0

_FIELDS = tuple(f.name for f in fields(SuggestionRecord))
_CREATED_AT = _FIELDS.index("created_at")
_values = operator.attrgetter(*_FIELDS)


class WriteFailed(Exception):
    """The writer process could not store a request's records: the store's error, by its kind."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(detail)
        self.kind = kind


class WriterGone(Exception):
    """The writer process exited, or was stopped, before it answered."""

    kind = "WriterGone"


class ProtocolError(ValueError):
    """A line on the socket that is not a message of the wire format."""


def encode(seq: int, records: Sequence[SuggestionRecord]) -> bytes:
    """One request's records as a line of the wire format."""
    rows = []
    for record in records:
        row = list(_values(record))
        row[_CREATED_AT] = record.created_at.isoformat()
        rows.append(row)
    return json.dumps([seq, rows], separators=(",", ":")).encode() + b"\n"


def decode(line: bytes) -> tuple[int, list[SuggestionRecord]]:
    """A line of the wire format back into its sequence number and records; `ProtocolError`
    when it is not one."""
    try:
        seq, rows = json.loads(line)
        records = []
        for row in rows:
            if not isinstance(row, list) or len(row) != len(_FIELDS):
                raise ProtocolError(f"a record has {len(row) if isinstance(row, list) else 'no'} fields, "
                                    f"not {len(_FIELDS)}")
            row[_CREATED_AT] = datetime.fromisoformat(row[_CREATED_AT])
            records.append(SuggestionRecord(*row))
    except ProtocolError:
        raise
    except (ValueError, TypeError) as exc:  # not JSON, not [seq, rows], not a date
        raise ProtocolError(f"not a message: {type(exc).__name__}") from None
    if not isinstance(seq, int):
        raise ProtocolError("the sequence number is not an integer")
    return seq, records


class _Child(asyncio.Protocol):
    """One writer process, and the service's end of its socket."""

    def __init__(self, process: subprocess.Popen[bytes], loop: asyncio.AbstractEventLoop) -> None:
        self.process = process
        #: set once the process has opened the store (None) or failed to (why)
        self.ready: asyncio.Future[Exception | None] = loop.create_future()
        self.closed: asyncio.Future[None] = loop.create_future()
        self.transport: asyncio.WriteTransport | None = None
        self.pending: dict[int, asyncio.Future[Exception | None]] = {}
        self._seq = 0
        self._buffer = b""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # a stream transport (uvloop's is not a subclass)

    def data_received(self, data: bytes) -> None:
        *lines, self._buffer = (self._buffer + data).split(b"\n")
        for line in lines:
            try:
                self._answer(json.loads(line))
            except (ValueError, TypeError, IndexError):
                log.error("record writer process: unreadable answer; stopping it")
                self.stop()
                return

    def _answer(self, message: Any) -> None:
        if isinstance(message, int):
            seq, error = message, None
        elif isinstance(message, list):
            seq, error = message[0], WriteFailed(str(message[1]), str(message[2]))
        else:  # the greeting
            if not self.ready.done():
                self.ready.set_result(None if message.get("ready") is True
                                      else WriteFailed(str(message.get("failed"))))
            return
        waiter = self.pending.pop(seq, None)
        if waiter is not None and not waiter.done():  # done: past the budget, the request went on
            waiter.set_result(error)

    def connection_lost(self, exc: Exception | None) -> None:
        for waiter in self.pending.values():
            if not waiter.done():
                waiter.set_result(WriterGone("the record writer process exited"))
        self.pending.clear()
        if not self.ready.done():
            self.ready.set_result(WriterGone("the record writer process exited before it was ready"))
        if not self.closed.done():
            self.closed.set_result(None)

    @property
    def usable(self) -> bool:
        return (self.ready.done() and self.ready.result() is None and self.transport is not None
                and not self.transport.is_closing()
                and self.transport.get_write_buffer_size() <= MAX_UNSENT_BYTES)

    def send(self, message: bytes) -> None:
        assert self.transport is not None
        self.transport.write(message)

    def submit(self, records: Sequence[SuggestionRecord]) -> asyncio.Future[Exception | None]:
        self._seq += 1
        waiter: asyncio.Future[Exception | None] = self.ready.get_loop().create_future()
        self.pending[self._seq] = waiter
        self.send(encode(self._seq, records))
        return waiter

    def stop(self) -> None:
        """Close the socket and kill the process: it would end on the closed socket alone, but one
        hung in the database would not read it. Whatever it was committing is rolled back, and
        the requests waiting for it have their records stored another way (`WriterGone`)."""
        if self.transport is not None:
            self.transport.close()
        if self.process.poll() is None:
            self.process.kill()
        threading.Thread(target=_reap, args=(self.process,), name="record-writer-reap", daemon=True).start()


def _reap(process: subprocess.Popen[bytes]) -> None:
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class ProcessWriter:
    """Keeps a writer process attached while the service runs: started by `start`, another one
    started after it exits or is stopped (`detach`), until `close`."""

    def __init__(self, url: str) -> None:
        self._url = url
        self._child: _Child | None = None
        self._spawned: tuple[subprocess.Popen[bytes], socket.socket] | None = None
        self._task: asyncio.Task[None] | None = None
        self._closing = False
        self._wake: asyncio.Event | None = None

    def start(self) -> None:
        """Start the process now (it imports while the service goes on starting) and attach it
        once it is ready. Call from a coroutine on the loop that will submit the records."""
        self._wake = asyncio.Event()
        self._spawned = self._spawn_or_log()
        self._task = asyncio.get_running_loop().create_task(self._keep(), name="record-writer-process")

    @property
    def attached(self) -> bool:
        """Whether records submitted now go to a process."""
        return self._child is not None and self._child.usable

    def submit(self, records: Sequence[SuggestionRecord]) -> asyncio.Future[Exception | None] | None:
        """Send the records to the process; the future gives None once they are committed, or the
        error. None when no process is attached (then store them another way)."""
        child = self._child
        if child is None or not child.usable or child.ready.get_loop() is not asyncio.get_running_loop():
            return None
        return child.submit(records)

    def detach(self, why: str) -> None:
        """Stop the process (the next one starts `RESTART_AFTER_S` later); its requests still
        waiting get `WriterGone`."""
        child = self._child
        if child is not None:
            log.warning("record writer process stopped (%s); records go through the writer thread until "
                        "another one starts", why)
            self._child = None
            child.stop()

    async def close(self) -> None:
        """Stop the process, waiting (up to `STOP_TIMEOUT_S`) for it to finish what it was sent."""
        self._closing = True
        if self._wake is not None:
            self._wake.set()
        if self._task is not None:
            self._task.cancel()  # bounded wait: a stopping service never hangs on its writer
            await asyncio.wait([self._task], timeout=STOP_TIMEOUT_S)
        child, self._child = self._child, None
        processes = [] if child is None else [child.process]
        if child is not None and child.transport is not None:
            child.transport.close()  # the process commits what it has read, then sees the end and exits
        if self._spawned is not None:  # started but never attached
            process, sock = self._spawned
            sock.close()
            processes.append(process)
            self._spawned = None
        for process in processes:
            await asyncio.to_thread(_reap, process)

    async def _keep(self) -> None:
        assert self._wake is not None
        while not self._closing:
            child = await self._attach()
            if child is not None and self._closing:  # attached just as the service stops
                self._abandon(child, None)
                return
            if child is not None:
                self._child = child
                await asyncio.shield(child.closed)
                if self._child is child:  # it exited on its own
                    self._child = None
                    await asyncio.to_thread(_reap, child.process)
                    log.warning("record writer process exited with code %s; records go through the "
                                "writer thread until another one starts", child.process.returncode)
            if self._closing:
                return
            self._wake.clear()
            woken = asyncio.ensure_future(self._wake.wait())
            try:  # asyncio.wait, not wait_for: on Python 3.11 wait_for can swallow a cancellation
                await asyncio.wait([woken], timeout=RESTART_AFTER_S)
            finally:
                woken.cancel()
            if not self._closing:
                self._spawned = self._spawn_or_log()

    async def _attach(self) -> _Child | None:
        """The spawned process, connected and ready; None (logged) when it fails to start."""
        if self._spawned is None:
            return None
        process, sock = self._spawned
        self._spawned = None
        loop = asyncio.get_running_loop()
        child = _Child(process, loop)
        try:
            await loop.create_unix_connection(lambda: child, sock=sock)
            child.send(json.dumps({"url": self._url}).encode() + b"\n")
            # asyncio.wait, not wait_for: on Python 3.11 wait_for can swallow a cancellation that comes
            # as the process gets ready, and a stopping service then waited for ever
            await asyncio.wait([child.ready], timeout=READY_TIMEOUT_S)
            failed = child.ready.result() if child.ready.done() else TimeoutError("not ready in time")
        except OSError as exc:
            failed = exc
        except BaseException:  # cancelled: the service is stopping
            self._abandon(child, sock)
            raise
        if failed is not None:
            log.warning("record writer process did not start (%s); records go through the writer thread",
                        getattr(failed, "kind", type(failed).__name__))
            self._abandon(child, sock)
            return None
        return child

    @staticmethod
    def _abandon(child: _Child, sock: socket.socket | None) -> None:
        child.stop()
        if child.transport is None and sock is not None:  # the socket was never handed to a transport
            sock.close()

    def _spawn_or_log(self) -> tuple[subprocess.Popen[bytes], socket.socket] | None:
        try:
            return _spawn()
        except OSError as exc:
            log.warning("record writer process could not be started (%s); records go through the writer thread",
                        type(exc).__name__)
            return None


def _spawn() -> tuple[subprocess.Popen[bytes], socket.socket]:
    """The process, and the service's end of its socket."""
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        # -P: the working directory is not put on the import path (nothing there can pose as call_nlp)
        process = subprocess.Popen([sys.executable, "-P", "-m", __name__, str(theirs.fileno())],
                                   pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, env=_environment())
    except BaseException:
        ours.close()
        raise
    finally:
        theirs.close()
    return process, ours


def _environment() -> dict[str, str]:
    """The service's environment without its own settings: the process needs none of them (the
    store's URL comes over the socket), and so holds no API key or HMAC secret."""
    return {name: value for name, value in os.environ.items() if not name.startswith("CALL_NLP_")}


# The process's side.

def main(argv: Sequence[str] | None = None) -> int:
    """Serve the socket whose descriptor is the one argument, until it closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(name)s: %(message)s")
    [descriptor] = sys.argv[1:] if argv is None else argv
    from call_nlp.records.store import RecordStore  # while the service is still starting

    with socket.socket(fileno=int(descriptor)) as sock:
        hello, rest = _first_line(sock)
        if hello is None:
            return 0  # the service stopped before it sent the store's URL
        try:
            store = RecordStore.from_url(str(json.loads(hello)["url"]))
        except Exception as exc:  # an unusable URL: the service keeps its writer thread
            sock.sendall(json.dumps({"failed": type(exc).__name__}).encode() + b"\n")
            return 1
        try:
            sock.sendall(b'{"ready":true}\n')
            return _serve(sock, store, rest)
        finally:
            store.close()


def _first_line(sock: socket.socket) -> tuple[bytes | None, bytes]:
    """(the first line, what came after it); None when the socket closed first."""
    buffer = b""
    while b"\n" not in buffer:
        data = sock.recv(1 << 16)
        if not data:
            return None, b""
        buffer += data
    line, rest = buffer.split(b"\n", 1)
    return line, rest


def _serve(sock: socket.socket, store: Any, buffer: bytes) -> int:
    """Commit every request waiting, answer each; until the socket closes (0) or carries
    something that is not a message (2)."""
    from call_nlp.records.store import error_summary

    while data := sock.recv(1 << 20):
        *lines, buffer = (buffer + data).split(b"\n")
        if not lines:
            continue
        try:
            batch = [decode(line) for line in lines]
        except ProtocolError as exc:
            log.error("record writer process: %s; exiting", exc)
            return 2
        try:
            errors: list[Any] = store.add_each([records for _, records in batch])
        except Exception as exc:  # the store cannot be reached, or a bug: no request may count as stored
            errors = [exc] * len(batch)
        answers = []
        for (seq, _), error in zip(batch, errors, strict=True):
            if error is None:
                answers.append(b"%d\n" % seq)
            else:
                answers.append(json.dumps([seq, type(error).__name__, error_summary(error)]).encode() + b"\n")
        sock.sendall(b"".join(answers))
    return 0


if __name__ == "__main__":
    sys.exit(main())
