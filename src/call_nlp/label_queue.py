"""``call-nlp queue``: the notes of an unlabeled file people should label first, as a file to fill in.

The same rule as the service's review queue (``GET /v1/review-queue``): the notes the model is
least sure of (smallest `uncertainty.margin`), at most one per call (``call_id`` when the file has
it, else each note is its own call). The file is read twice, in chunks: once to score every
note, once to copy the chosen rows, so memory holds a margin per note, not the notes.

The output is in the training contract: ``id``, ``text``, empty ``crisis_type``,
``violence_risk`` and ``response_model`` to fill in, the ``margin``, then the input's other
columns (``call_id``, ``call_type``, ``district``, …; label columns it had are left out). It
has exactly ``n`` rows, in queue order, unless the file has fewer notes. When it has fewer
calls than ``n``, the rest are the least sure notes of calls already chosen; both are said on
stderr.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from call_nlp import defaults
from call_nlp.data import LABEL_COLUMNS
from call_nlp.predict import _checked, chunks
from call_nlp.triage import Triager
from call_nlp.uncertainty import margin

CALL_COLUMN = "call_id"


@dataclass(frozen=True)
class QueueResult:
    written: int
    notes: int
    calls: int


def choose(margins: np.ndarray, calls: Sequence[str], n: int) -> list[int]:
    """Row indexes in queue order: least sure first (row order on a tie), one per call, then,
    if that gives fewer than ``n``, the least sure of the rows left."""
    order = np.lexsort((np.arange(len(margins)), margins))
    seen: set[str] = set()
    first, rest = [], []
    for i in order.tolist():
        (rest if calls[i] in seen else first).append(i)
        seen.add(calls[i])
    return (first + rest)[:n]


def run(source: Path, output: Path, model: str | Path, policy: Path, n: int,
        chunk_size: int = defaults.PREDICT_CHUNK_NOTES) -> QueueResult:
    """Write the ``n`` notes of ``source`` to label first to ``output`` (CSV)."""
    from tqdm import tqdm

    triager = Triager.load(model, policy)
    margins: list[float] = []
    calls: list[str] = []  # "call:<call_id>", or "row:<id>" for a note without one
    seen: set[str] = set()
    with tqdm(unit=" notes", desc="queue", disable=None) as bar:
        for frame in chunks(source, chunk_size):
            notes = _checked(frame, source, seen)
            suggestions = triager.triage_many(notes["text"].astype(str).tolist())
            margins += [margin({"crisis_type": s.crisis_type.probabilities,
                                "violence_risk": s.violence_risk.probabilities}) for s in suggestions]
            ids = notes["id"].astype(str).str.strip()
            if CALL_COLUMN in frame.columns:
                call_ids = frame[CALL_COLUMN].fillna("").astype(str).str.strip()
                calls += [f"call:{c}" if c else f"row:{i}" for c, i in zip(call_ids, ids, strict=True)]
            else:
                calls += [f"row:{i}" for i in ids]
            bar.update(len(frame))
    chosen = choose(np.asarray(margins, dtype=float), calls, n)
    rank = {row: position for position, row in enumerate(chosen)}
    picked: list[pd.DataFrame] = []
    for frame in chunks(source, chunk_size):
        rows = frame[frame.index.isin(rank)]
        if len(rows):
            picked.append(rows)
    table = pd.concat(picked) if picked else pd.DataFrame(columns=["id", "text"])
    table = table.assign(_rank=[rank[i] for i in table.index]).sort_values("_rank")
    out = pd.DataFrame({"id": table["id"].astype(str).str.strip(), "text": table["text"]})
    for column in LABEL_COLUMNS:
        out[column] = ""
    out["margin"] = [margins[i] for i in table.index]
    for column in table.columns:
        if column not in (*out.columns, "_rank"):
            out[column] = table[column]
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    out.to_csv(output, index=False, lineterminator="\n", encoding="utf-8")
    distinct = len(set(calls))
    if len(margins) < n:
        print(f"call-nlp queue: {source} has {len(margins)} notes, fewer than {n}: wrote all of them", file=sys.stderr)
    elif distinct < n:
        print(f"call-nlp queue: {source} has {distinct} calls, fewer than {n}: {n - distinct} rows are further notes "
              "of calls already in the queue", file=sys.stderr)
    return QueueResult(written=len(out), notes=len(margins), calls=distinct)
