"""One writer at a time on a SQLite record store shared by several processes.

SQLite lets one connection write at a time. A writer that finds the file locked retries in
SQLite's busy handler, which sleeps 1, 2, 5, 10 … ms between tries: with ``call-nlp serve
--workers N`` on one SQLite file, each worker's commits then waited tens of milliseconds for
the others' (``make bench``'s 2-worker p99 was 22-38 ms). An exclusive ``flock`` on a file
beside the database, taken around each write transaction, makes a writer wait in the kernel
instead and wake as soon as the other commits. Other databases (PostgreSQL) need none.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # not on POSIX: SQLite's own locking and busy handler only
    fcntl = None  # type: ignore[assignment]

SUFFIX = ".write-lock"


class WriteLock:
    """Held around every write transaction of one store (a no-op without a SQLite file)."""

    def __init__(self, database: Path | None) -> None:
        self.path = None if database is None or fcntl is None else database.with_name(database.name + SUFFIX)
        self._threads = threading.Lock()  # flock excludes processes, not threads sharing its file
        self._fd: int | None = None
        self._pid = 0

    @contextmanager
    def held(self) -> Iterator[None]:
        if self.path is None:
            yield
            return
        with self._threads:
            fd = self._open()
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)

    def close(self) -> None:
        with self._threads:
            if self._fd is not None and self._pid == os.getpid():
                os.close(self._fd)
            self._fd = None

    def _open(self) -> int:
        # a forked child opens its own: a lock on a description shared with the parent would
        # exclude neither of them
        if self._fd is None or self._pid != os.getpid():
            assert self.path is not None
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
            self._pid = os.getpid()
        return self._fd
