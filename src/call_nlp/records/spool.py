"""A local, durable queue of records that could not be stored: JSON lines, fsync'd on append.

New records are appended to ``pending.jsonl``. A replay first renames that file to
``replay-<time>.jsonl`` (so appends never wait for the database), writes its records to
the store, and deletes it only once the store has them; a crash in between replays the
file again, which is harmless because the store ignores ids it already has. Records the
store refuses outright (not "unreachable" but "invalid") are moved to ``rejected.jsonl``
for a person to look at, so one bad record cannot block the rest. A file lock keeps
several worker processes sharing the folder from interleaving lines.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from call_nlp.records.record import SuggestionRecord

log = logging.getLogger("call_nlp.records")

PENDING = "pending.jsonl"
REJECTED = "rejected.jsonl"
_REPLAY_GLOB = "replay-*.jsonl"
_LOCK = ".lock"
REPLAY_CHUNK = 200


class Spool:
    """Records waiting for the store, in ``directory``."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def append(self, records: Sequence[SuggestionRecord]) -> None:
        """Append and fsync; once this returns the records survive a crash of the process or machine."""
        self._append(PENDING, records)

    def reject(self, records: Sequence[SuggestionRecord]) -> None:
        self._append(REJECTED, records)

    def size(self) -> int:
        """Records waiting to be replayed (rejected ones not counted)."""
        return sum(_count_lines(p) for p in self._waiting())

    def rejected(self) -> int:
        return _count_lines(self.directory / REJECTED)

    def replay(self, write: Callable[[list[SuggestionRecord]], None]) -> int:
        """Hand every waiting record to ``write`` in chunks, oldest first; returns how many were handed over.

        A file is deleted only after ``write`` returned for all its records; an exception
        from ``write`` stops the replay and leaves the rest in place for the next one.
        """
        with self._locked():
            pending = self.directory / PENDING
            if pending.exists():
                pending.rename(self.directory / f"replay-{time.time_ns():020d}-{uuid.uuid4().hex[:8]}.jsonl")
                _fsync_dir(self.directory)
        done = 0
        for path in sorted(self.directory.glob(_REPLAY_GLOB)):
            records = _read(path)
            for start in range(0, len(records), REPLAY_CHUNK):
                write(records[start : start + REPLAY_CHUNK])
            path.unlink(missing_ok=True)  # another process may have replayed the same file
            done += len(records)
        return done

    def _waiting(self) -> list[Path]:
        if not self.directory.is_dir():
            return []
        return [p for p in (self.directory / PENDING, *self.directory.glob(_REPLAY_GLOB)) if p.exists()]

    def _append(self, name: str, records: Sequence[SuggestionRecord]) -> None:
        lines = "".join(json.dumps(r.to_json(), ensure_ascii=False, separators=(",", ":")) + "\n" for r in records)
        with self._locked():
            path = self.directory / name
            created = not path.exists()
            with open(path, "a", encoding="utf-8") as fh:
                fh.write(lines)
                fh.flush()
                os.fsync(fh.fileno())
            if created:
                os.chmod(path, 0o600)
                _fsync_dir(self.directory)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        with open(self.directory / _LOCK, "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)


def _read(path: Path) -> list[SuggestionRecord]:
    records, torn = [], 0
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            records.append(SuggestionRecord.from_json(json.loads(line)))
        except (ValueError, TypeError, KeyError):
            torn += 1  # a write cut short by a crash: it was never acknowledged
    if torn:
        log.error("spool file %s: %d unreadable line(s) skipped", path.name, torn)
    return records


def _count_lines(path: Path) -> int:
    try:
        with open(path, "rb") as fh:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
    except FileNotFoundError:
        return 0


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
