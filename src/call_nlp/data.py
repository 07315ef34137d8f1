"""The training-data contract: reading and validating labeled note files (CSV or Parquet).

Labeled files (evaluation, the gate): required columns ``id``, ``text``, ``crisis_type``,
``violence_risk``; optional ``response_model``; any other column (``district``,
``received_at``, …) is kept as metadata and never used as a feature.

Training files (`load_training_data`) may be partial: a blank label means that head skips the
row, and a file may have no label column at all when it has ``call_type`` (a CAD export),
whose call types give weak crisis-type labels (`call_types`). Problems are reported with file,
row and field; nothing is dropped silently (rows with nothing to learn from are counted).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from call_nlp.errors import DataValidationError
from call_nlp.labels import HEADS, LABELS

if TYPE_CHECKING:  # call_types imports pydantic and yaml
    from call_nlp.call_types import CallTypeMap, CallTypeReader

NOTE_COLUMNS: tuple[str, ...] = ("id", "text")
LABELED_COLUMNS: tuple[str, ...] = (*NOTE_COLUMNS, *HEADS)
#: Label columns a training file may carry, each optional there (blank: that head skips the row).
LABEL_COLUMNS: tuple[str, ...] = (*HEADS, "response_model")
#: The column of a CAD export that gives weak crisis-type labels.
CALL_TYPE_COLUMN = "call_type"
#: An exported review's flag (`call_nlp.feedback.export`): False when its labels do not explain the
#: response the reviewer sent; training skips such rows and counts them (``unexplained``).
EXPLAINED_COLUMN = "labels_explain_response"
#: In a training frame: True where the crisis type came from the call type (a weak label).
WEAK_COLUMN = "weak"


@dataclass(frozen=True)
class SourceInfo:
    """One input file as it was read: what auditors see in MLflow."""

    path: str
    sha256: str
    rows: int
    #: Training files: rows by kind: ``labeled`` (a label of its own for some head), ``weak`` (only
    #: a crisis type from its call type), ``superseded`` (a weak row whose id another file labels),
    #: ``unexplained`` (an exported review whose labels do not explain its response),
    #: ``skipped`` (nothing to learn from); None for a labeled file read whole.
    kinds: dict[str, int] | None = None
    #: Training files with call types: rows whose call type gave a crisis type (``mapped``), was
    #: mapped to nothing (``none``) or is not in the map (``unmapped``), and the commonest unmapped types.
    call_types: dict[str, Any] | None = None
    #: The heads this file's labels train (a base file trains only the heads no other file labels).
    heads: tuple[str, ...] = HEADS

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self) | {"heads": list(self.heads)}


@dataclass(frozen=True)
class Dataset:
    frame: pd.DataFrame
    sources: list[SourceInfo]
    #: Training data: the heads no data file labeled, trained on data.base_paths instead.
    base_heads: tuple[str, ...] = ()

    @property
    def digest(self) -> str:
        """One digest for all sources, in order."""
        return hashlib.sha256("".join(s.sha256 for s in self.sources).encode()).hexdigest()


def _row(index: int) -> str:
    """Human row number: data rows counted from 1 after the header (right even when a
    quoted CSV field spans several lines)."""
    return f"row {index + 1}"


def _strings(values: pd.Series) -> pd.Series:
    """A column's values as stripped text, a missing value (None, NaN) as ""."""
    return values.map(lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v).strip())


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


def validate_frame(frame: pd.DataFrame, path: Path, labeled: bool = True, partial: bool = False) -> list[str]:
    """Every contract problem in one file's frame, as messages naming file, row and field.

    ``partial`` (training files): label columns are optional and a blank label is allowed, but
    a file needs a label column or a ``call_type`` column."""
    required = LABELED_COLUMNS if labeled and not partial else NOTE_COLUMNS
    missing = [c for c in required if c not in frame.columns]
    if missing:
        return [f"{path}: missing column(s) {missing}; found {list(frame.columns)}"]
    if partial and not any(c in frame.columns for c in (*HEADS, CALL_TYPE_COLUMN)):
        return [f"{path}: no label column ({', '.join(HEADS)}) and no {CALL_TYPE_COLUMN!r} column: nothing to "
                f"train on; found {list(frame.columns)}"]
    problems: list[str] = []
    ids = _strings(frame["id"])
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
    label_columns = [c for c in LABEL_COLUMNS if c in frame.columns] if labeled else []
    for column in label_columns:
        allowed = LABELS[column]
        values = _strings(frame[column])
        for i in values.index[~values.isin(allowed) & ~((values == "") & partial)]:
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
        for column in [c for c in LABEL_COLUMNS if c in frame.columns] if labeled else []:
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


def load_training_data(paths: Sequence[Path], call_types: CallTypeMap | None = None,
                       base_paths: Sequence[Path] = (),
                       prepare_base: Callable[[list[Path]], None] | None = None) -> Dataset:
    """Read and validate training files, which may be partial (see the module's docstring).

    Rows with a ``call_type`` and no crisis-type label get one from ``call_types`` (marked in
    the `WEAK_COLUMN`). Rows left with no label for any head are dropped and counted in their
    source's ``kinds``. An id may appear in two files only as one weak row and one row with a
    label of its own (a note of an export, labeled from ``call-nlp queue``): the labeled row
    replaces the weak one, counted as ``superseded``. A head that no file labels is trained on
    ``base_paths`` (those not already given; ``prepare_base`` is called with them first, to
    build a missing demo corpus): their rows keep only that head's labels. Raises
    `DataValidationError` listing every problem, including a head that neither the files nor
    the base files label.
    """
    if not paths:
        raise DataValidationError(["no data files given"])
    reader = call_types.reader() if call_types is not None else None
    given = [Path(p) for p in paths]
    problems: list[str] = []
    files = [read for path in given if (read := _read_training_file(path, HEADS, reader, problems)) is not None]
    if problems:
        raise DataValidationError(problems)
    _supersede(files, problems)
    unlabeled = tuple(h for h in HEADS if not any((f.frame[h] != "").any() for f in files))
    if unlabeled:
        base = [Path(p) for p in base_paths if Path(p) not in given]
        if prepare_base is not None:
            prepare_base(base)
        for path in base:
            read = _read_training_file(path, unlabeled, reader, problems)
            if read is not None:
                _refuse_reused_ids(files, read, problems)
                files.append(read)
        still = [h for h in unlabeled if not any((f.frame[h] != "").any() for f in files)]
        if still:
            problems.append(f"no data file gives labels for {still}, and neither do data.base_paths "
                            f"({[str(p) for p in base] or 'none besides the data files'})")
    if problems:
        raise DataValidationError(problems)
    combined = pd.concat([f.frame.drop(columns=["_row", "_own"]) for f in files], ignore_index=True)
    return Dataset(frame=combined, sources=[f.source() for f in files], base_heads=unlabeled)


@dataclass
class _TrainingFile:
    """One training file as read: its rows with something to learn from, and how many of each kind."""

    path: Path
    sha256: str
    heads: tuple[str, ...]
    frame: pd.DataFrame  # kept rows, with "_row" (index in the file) and "_own" (a label of its own)
    kinds: dict[str, int]
    call_types: dict[str, Any] | None

    def source(self) -> SourceInfo:
        return SourceInfo(path=str(self.path), sha256=self.sha256, rows=sum(self.kinds.values()),
                          kinds=dict(self.kinds), call_types=self.call_types, heads=self.heads)


def _read_training_file(path: Path, heads: tuple[str, ...], reader: CallTypeReader | None,
                        problems: list[str]) -> _TrainingFile | None:
    frame = read_table(path)
    file_problems = validate_frame(frame, path, labeled=True, partial=True)
    problems.extend(file_problems)
    if file_problems:
        return None
    frame = frame.copy()
    frame["id"] = frame["id"].astype(str).str.strip()
    for column in LABEL_COLUMNS:
        frame[column] = _strings(frame[column]) if column in frame.columns else ""
        if heads != HEADS and column not in heads:  # a base file: only the heads it stands in for
            frame[column] = ""
    blank = frame["crisis_type"] == ""
    frame[WEAK_COLUMN] = False
    counts = None
    if reader is not None and CALL_TYPE_COLUMN in frame.columns and "crisis_type" in heads:
        from call_nlp.call_types import CallTypeCounts

        types = frame.loc[blank, CALL_TYPE_COLUMN].astype(str).tolist()
        read = [reader.read(t) for t in types]
        if read:  # pandas refuses an empty list for a bool column
            frame.loc[blank, "crisis_type"] = [label or "" for label, _ in read]
            frame.loc[blank, WEAK_COLUMN] = [label is not None for label, _ in read]
        counts = dataclasses.asdict(CallTypeCounts.of([o for _, o in read], types))
    unexplained = (_strings(frame[EXPLAINED_COLUMN]).str.lower() == "false") if EXPLAINED_COLUMN in frame.columns \
        else pd.Series(False, index=frame.index)
    frame["_own"] = (((frame["crisis_type"] != "") & ~frame[WEAK_COLUMN]) | (frame["violence_risk"] != "")) & ~unexplained
    frame["_row"] = frame.index
    kinds = {"labeled": int(frame["_own"].sum()),
             "weak": int((frame[WEAK_COLUMN] & ~frame["_own"] & ~unexplained).sum()),
             "superseded": 0, "unexplained": int(unexplained.sum())}
    kinds["skipped"] = len(frame) - kinds["labeled"] - kinds["weak"] - kinds["unexplained"]
    kept = frame[(frame[list(HEADS)] != "").any(axis=1) & ~unexplained].copy()
    kept["source"] = str(path)
    return _TrainingFile(path, hashlib.sha256(path.read_bytes()).hexdigest(), heads, kept, kinds, counts)


def _supersede(files: list[_TrainingFile], problems: list[str]) -> None:
    """Resolve ids the files share: one row labeled by a person replaces weak rows of the same id;
    any other repeat is a problem naming both rows."""
    rows = pd.concat([f.frame[["id", "_own", "_row"]].set_axis(["id", "own", "row"], axis=1).assign(file=i)
                      for i, f in enumerate(files)], ignore_index=True)
    repeated = rows[rows["id"].duplicated(keep=False)]
    drop: dict[int, list[int]] = {}
    for value, group in repeated.groupby("id", sort=False):
        if int(group["own"].sum()) == 1:
            for row in group[~group["own"]].itertuples():
                drop.setdefault(row.file, []).append(row.row)
            continue
        first, *later = group.itertuples()
        for row in later:
            problems.append(f"{files[row.file].path}: {_row(row.row)}: field 'id' {value!r} already used in "
                            f"{files[first.file].path}: {_row(first.row)}")
    if problems:
        raise DataValidationError(problems)
    for i, dropped in drop.items():
        f = files[i]
        f.frame = f.frame[~f.frame["_row"].isin(dropped)]
        f.kinds["weak"] -= len(dropped)
        f.kinds["superseded"] += len(dropped)


def _refuse_reused_ids(files: list[_TrainingFile], base: _TrainingFile, problems: list[str]) -> None:
    """A base file lends labels to a head: none of its ids may be a data file's."""
    home = {}
    for f in files:
        home.update({value: f"{f.path}: {_row(i)}" for value, i in zip(f.frame["id"], f.frame["_row"], strict=True)})
    for value, i in zip(base.frame["id"], base.frame["_row"], strict=True):
        if value in home:
            problems.append(f"{base.path}: {_row(i)}: field 'id' {value!r} already used in {home[value]}")
