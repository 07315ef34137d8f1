"""``call-nlp predict``: suggestions for every note of a CSV or Parquet file, streamed.

The file is read in chunks, each chunk is checked like any data file (row numbers count
from the file's first data row), triaged (in ``jobs`` worker processes, each holding its own
model), and appended to the output in the input's order. Memory stays bounded by the chunk
size and the number of chunks in flight; only the ids seen so far are kept, to refuse a
duplicate. The output is written beside its target and renamed into place only when every
row succeeded: a bad row never leaves a partial file behind.
"""

from __future__ import annotations

import csv
import gc
import io
import multiprocessing
import os
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

import pandas as pd

from call_nlp import defaults
from call_nlp.cli import PREDICT_COLUMNS
from call_nlp.data import NOTE_COLUMNS, read_table, validate_frame
from call_nlp.errors import DataValidationError
from call_nlp.triage import Triager

_worker: Triager | None = None


def default_jobs() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def chunks(path: Path, size: int = defaults.PREDICT_CHUNK_NOTES) -> Iterator[pd.DataFrame]:
    """The file's ``id`` and ``text`` columns in chunks, as strings, indexed by data row (from 0)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.is_file() or suffix not in (".csv", ".parquet", ".pq"):
        read_table(path)  # raises the message `load_dataset` gives for a missing or unsupported file
        return
    try:
        if suffix == ".csv":
            reader = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8", chunksize=size)
            for frame in reader:
                frame.columns = [str(c).strip() for c in frame.columns]
                yield frame
        else:
            import pyarrow.parquet as pq

            start = 0
            for batch in pq.ParquetFile(path).iter_batches(batch_size=size):
                frame = batch.to_pandas()
                frame.index = pd.RangeIndex(start, start + len(frame))
                frame.columns = [str(c).strip() for c in frame.columns]
                start += len(frame)
                yield frame
    except UnicodeDecodeError as exc:
        raise DataValidationError([f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})"]) from None
    except (ValueError, OSError) as exc:  # pandas / pyarrow parse errors
        raise DataValidationError([f"{path}: could not be read as {suffix[1:]}: {exc}"]) from None


def suggest_chunk(triager: Triager, frame: pd.DataFrame) -> str:
    """The output rows of one validated chunk, as CSV text (formatted in the worker, so the
    parent only writes it: no frame is built or pickled per chunk)."""
    suggestions = triager.triage_many(frame["text"].astype(str).tolist())
    ids = frame["id"].astype(str).str.strip().tolist()
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(  # in PREDICT_COLUMNS order
        (id_, s.crisis_type.label, s.crisis_type.confidence, s.violence_risk.label, s.violence_risk.confidence,
         s.response_model, s.needs_review, ";".join(c.label() for c in s.cues))
        for id_, s in zip(ids, suggestions, strict=True)
    )
    return text.getvalue()


def _init_worker(model: str, policy: Path) -> None:
    """Where processes are spawned rather than forked, each loads the model itself."""
    global _worker
    _worker = Triager.load(model, policy)


def _pool(triager: Triager, model: str | Path, policy: Path, jobs: int) -> ProcessPoolExecutor:
    """Worker processes holding the model: forked from this one (which loaded it, so a bad
    model fails here with its own message), or spawned and loading it themselves."""
    global _worker
    if "fork" in multiprocessing.get_all_start_methods():
        _worker = triager
        return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"))
    return ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(str(model), Path(policy)))


def _suggest_in_worker(frame: pd.DataFrame) -> str:
    assert _worker is not None, "worker not initialised"
    return suggest_chunk(_worker, frame)


def _checked(frame: pd.DataFrame, path: Path, seen: set[str]) -> pd.DataFrame:
    problems = validate_frame(frame, path, labeled=False)
    if not problems:
        ids = frame["id"].astype(str).str.strip()
        if seen.isdisjoint(ids):  # the usual case: one set operation, not a loop over the rows
            seen.update(ids)
        else:
            for i, value in ids.items():
                if value in seen:
                    problems.append(f"{path}: row {i + 1}: field 'id' duplicates {value!r} from an earlier row")
                seen.add(value)
    if problems:
        raise DataValidationError(problems)
    return frame[list(NOTE_COLUMNS)]


def run(source: Path, output: Path, model: str | Path, policy: Path, jobs: int | None = None,
        chunk_size: int = defaults.PREDICT_CHUNK_NOTES, progress: bool | None = None) -> int:
    """Write the suggestions for every note of ``source`` to ``output`` (CSV); the notes written."""
    from tqdm import tqdm

    jobs = max(1, jobs or default_jobs())
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.name}.partial")
    seen: set[str] = set()
    written = 0
    bar = tqdm(unit=" notes", desc="predict", disable=None if progress is None else not progress)
    try:
        with partial.open("w", encoding="utf-8", newline="") as out:
            header = True

            def write(rows: str, count: int) -> None:
                nonlocal header, written
                if header:
                    csv.writer(out, lineterminator="\n").writerow(PREDICT_COLUMNS)
                    header = False
                out.write(rows)
                written += count
                bar.update(count)

            frames = (_checked(frame, source, seen) for frame in chunks(source, chunk_size))
            triager = Triager.load(model, policy)
            if jobs == 1:
                for frame in frames:
                    write(suggest_chunk(triager, frame), len(frame))
            else:
                gc.freeze()  # the model's objects: no collection in a forked worker touches (so copies) their pages
                try:
                    with _pool(triager, model, policy, jobs) as pool:
                        pending: deque[tuple[Future[str], int]] = deque()
                        for frame in frames:
                            pending.append((pool.submit(_suggest_in_worker, frame), len(frame)))
                            if len(pending) >= 2 * jobs:  # bounded: constant memory
                                done, count = pending.popleft()
                                write(done.result(), count)
                        while pending:
                            done, count = pending.popleft()
                            write(done.result(), count)
                finally:
                    gc.unfreeze()  # this process's to collect again
            if header:  # an empty file still gets its header
                write("", 0)
        partial.replace(output)
    finally:
        bar.close()
        partial.unlink(missing_ok=True)
    return written
