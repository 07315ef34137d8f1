"""The training-data contract: reading and validating labeled note files (CSV or Parquet).

Required columns: ``id``, ``text``, ``crisis_type``, ``violence_risk``; optional
``response_model``; any other column (``district``, ``received_at``, …) is kept as
metadata and never used as a feature. Problems are reported with file, row and field;
nothing is dropped silently.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from call_nlp.errors import DataValidationError
from call_nlp.labels import HEADS, LABELS

NOTE_COLUMNS: tuple[str, ...] = ("id", "text")
LABELED_COLUMNS: tuple[str, ...] = (*NOTE_COLUMNS, *HEADS)
@dataclass(frozen=True)
class SourceInfo:
    """One input file as it was read: what auditors see in MLflow."""

    path: str
    sha256: str
    rows: int


@dataclass(frozen=True)
class Dataset:
    frame: pd.DataFrame
    sources: list[SourceInfo]

    @property
    def digest(self) -> str:
        """One digest for all sources, in order."""
        return hashlib.sha256("".join(s.sha256 for s in self.sources).encode()).hexdigest()


def _row(index: int) -> str:
    """Human row number: data rows counted from 1 after the header (right even when a
    quoted CSV field spans several lines)."""
    return f"row {index + 1}"


def read_table(path: Path) -> pd.DataFrame:
    """Read a CSV or Parquet file as strings, without guessing types or turning text into NaN."""
    path = Path(path)
    if not path.is_file():
        raise DataValidationError([f"{path}: file not found"])
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        elif suffix in (".parquet", ".pq"):
            frame = pd.read_parquet(path)
        else:
            raise DataValidationError([f"{path}: unsupported file type {suffix!r}; use .csv or .parquet"])
    except DataValidationError:
        raise
    except UnicodeDecodeError as exc:
        raise DataValidationError([f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})"]) from None
    except Exception as exc:  # pandas/pyarrow raise many types for unreadable files
        raise DataValidationError([f"{path}: could not be read as {suffix[1:]}: {exc}"]) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def validate_frame(frame: pd.DataFrame, path: Path, labeled: bool = True) -> list[str]:
    """Every contract problem in one file's frame, as messages naming file, row and field."""
    required = LABELED_COLUMNS if labeled else NOTE_COLUMNS
    missing = [c for c in required if c not in frame.columns]
    if missing:
        return [f"{path}: missing column(s) {missing}; found {list(frame.columns)}"]
    problems: list[str] = []
    ids = frame["id"].map(lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v).strip())
    for i in ids.index[ids == ""]:
        problems.append(f"{path}: {_row(i)}: field 'id' is empty")
    dup = ids[(ids != "") & ids.duplicated(keep="first")]
    first_seen = {v: i for i, v in ids[::-1].items()} if len(dup) else {}
    for i, value in dup.items():
        problems.append(
            f"{path}: {_row(i)}: field 'id' duplicates {value!r} first seen at {_row(first_seen[value])}"
        )
    texts = frame["text"].map(lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v))
    for i in texts.index[texts.str.strip() == ""]:
        problems.append(f"{path}: {_row(i)}: field 'text' is empty")
    label_columns = [c for c in (*HEADS, "response_model") if c in frame.columns] if labeled else []
    for column in label_columns:
        allowed = LABELS[column]
        values = frame[column].map(lambda v: "" if v is None else str(v).strip())
        for i in values.index[~values.isin(allowed)]:
            shown = values[i] or "(empty)"
            problems.append(
                f"{path}: {_row(i)}: field '{column}' has unknown label {shown!r}; expected one of {list(allowed)}"
            )
    return problems


def load_dataset(paths: Sequence[Path], labeled: bool = True) -> Dataset:
    """Read and validate one or more files; raise `DataValidationError` listing every problem.

    Ids must be unique across all files. Label and id values are stripped of surrounding
    spaces; nothing else is changed.
    """
    if not paths:
        raise DataValidationError(["no data files given"])
    frames: list[pd.DataFrame] = []
    sources: list[SourceInfo] = []
    problems: list[str] = []
    id_home: dict[str, str] = {}
    for path in map(Path, paths):
        frame = read_table(path)
        file_problems = validate_frame(frame, path, labeled)
        problems.extend(file_problems)
        if file_problems:
            continue
        frame = frame.copy()
        frame["id"] = frame["id"].astype(str).str.strip()
        for column in [c for c in (*HEADS, "response_model") if c in frame.columns] if labeled else []:
            frame[column] = frame[column].astype(str).str.strip()
        for i, value in frame["id"].items():
            where = f"{path}: {_row(i)}"
            if value in id_home:
                problems.append(f"{where}: field 'id' {value!r} already used in {id_home[value]}")
            else:
                id_home[value] = where
        frame["source"] = str(path)
        frames.append(frame)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        sources.append(SourceInfo(path=str(path), sha256=digest, rows=len(frame)))
    if problems:
        raise DataValidationError(problems)
    combined = pd.concat(frames, ignore_index=True)
    return Dataset(frame=combined, sources=sources)
