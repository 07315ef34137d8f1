"""The serving form stored as data: what the service loads instead of the pickled pipeline.

A model directory holds, beside ``model.joblib`` (the estimator of record, which MLflow also
keeps and evaluation trusts):

- ``serving.npz``: every head's coefficients, intercepts and calibration, and every
  block's IDF weights; read with ``allow_pickle=False``;
- ``serving.json``: classes, each block's analyzer (by name) and vocabulary, the crisis head's
  known words, the lexicon, and the check below.

Neither can run code when read, and both are checked against the sha256 the manifest gives
them before they are parsed. The check: the estimator's probabilities for `CHECK_NOTES`
synthetic notes, stored at training; at load the serving form must reproduce each within
`CHECK_TOLERANCE`, or the model is refused with the reason.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from call_nlp.artifact import ModelLoadError, sha256_file
from call_nlp.language import LanguageLayer, Lexicon
from call_nlp import serving_calibration
from call_nlp.serving import Block, Head, ServingForm, derive

ARRAYS_FILE = "serving.npz"
DATA_FILE = "serving.json"
FORMAT = 1
CHECK_NOTES = 200
CHECK_SEED = 20261203
CHECK_TOLERANCE = 1e-6


@dataclass(frozen=True)
class ServedModel:
    """What the service needs from a model directory: the language layer, the serving form and
    the crisis head's training words (for the unknown-vocabulary check)."""

    layer: LanguageLayer
    form: ServingForm
    known_words: frozenset[str]


def write(pipeline: Any, model_dir: Path) -> dict[str, Any] | None:
    """Write the serving files of a fitted pipeline; the manifest's ``serving`` entry (file
    digests and the check's outcome), or None when the pipeline has no data-only serving form."""
    from call_nlp.demo import generate_corpus
    from call_nlp.model import analyze, head_probabilities

    form = derive(pipeline)
    if form is None or any(b.spec is None for h in form.heads.values() for b in h.blocks):
        return None
    notes = generate_corpus(n=CHECK_NOTES, seed=CHECK_SEED)["text"].tolist()
    expected = head_probabilities(pipeline, notes, analyze(pipeline, notes))
    check = [{head: {str(c): float(frame.iloc[i][c]) for c in frame.columns} for head, frame in expected.items()}
             for i in range(len(notes))]
    arrays: dict[str, np.ndarray] = {}
    heads: dict[str, Any] = {}
    for name, head in form.heads.items():
        arrays.update({f"{name}.coef": head.coef, f"{name}.intercept": head.intercept})
        arrays.update({f"{name}.{key}": value for key, value in head.calibration.arrays().items()})
        blocks = []
        for i, block in enumerate(head.blocks):
            arrays[f"{name}.{i}.idf"] = block.idf
            blocks.append({"spec": block.spec, "vocabulary": {k: int(v) for k, v in block.vocabulary.items()},
                           "sublinear": block.sublinear,
                           "offset": block.offset})
        heads[name] = {"classes": list(head.classes), "blocks": blocks, "calibration": head.calibration.method}
    layer = pipeline.named_steps["language"].layer_
    data = {"format": FORMAT, "heads": heads, "known_words": sorted(pipeline.named_steps["heads"].known_words()),
            "lexicon": layer.lexicon.data, "check": {"notes": notes, "probabilities": check}}
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    (model_dir / ARRAYS_FILE).write_bytes(buffer.getvalue())
    (model_dir / DATA_FILE).write_text(json.dumps(data, sort_keys=True))
    served = ServedModel(layer, form, frozenset(data["known_words"]))
    return {"format": FORMAT,
            "files": {f: sha256_file(model_dir / f) for f in (ARRAYS_FILE, DATA_FILE)},
            "check": {"notes": len(notes), "tolerance": CHECK_TOLERANCE,
                      "max_difference": _max_difference(served, notes, check)}}


def read(model_dir: Path, entry: dict[str, Any]) -> ServedModel:
    """The served model of a directory whose manifest has a ``serving`` ``entry``: each file's
    sha256 checked before it is parsed, then the check notes reproduced."""
    files = entry.get("files") if isinstance(entry, dict) else None
    if not isinstance(files, dict) or entry.get("format") != FORMAT or set(files) != {ARRAYS_FILE, DATA_FILE}:
        raise ModelLoadError(f"{model_dir}: the manifest's serving entry is not format {FORMAT} with "
                             f"{ARRAYS_FILE} and {DATA_FILE}")
    raw = {}
    for name, digest in files.items():
        path = model_dir / name
        if not path.is_file():
            raise ModelLoadError(f"{model_dir}: serving file {name} is missing")
        raw[name] = path.read_bytes()
        actual = _sha256(raw[name])
        if actual != digest:
            raise ModelLoadError(f"{path}: sha256 {actual[:12]}… does not match the manifest ({str(digest)[:12]}…); "
                                 "the file was changed after training")
    try:
        data = json.loads(raw[DATA_FILE])
        with np.load(io.BytesIO(raw[ARRAYS_FILE]), allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in npz.files}
        served = _build(data, arrays)
    except (ValueError, KeyError, TypeError) as exc:
        raise ModelLoadError(f"{model_dir}: serving files unreadable: {type(exc).__name__}: {exc}") from None
    check = data.get("check", {})
    difference = _max_difference(served, check.get("notes", []), check.get("probabilities", []))
    if not check.get("notes") or difference > CHECK_TOLERANCE:
        raise ModelLoadError(f"{model_dir}: the serving form does not reproduce the estimator on its "
                             f"{len(check.get('notes', []))} check notes (largest difference {difference:.2g} > "
                             f"{CHECK_TOLERANCE:g})")
    return served


def _build(data: dict[str, Any], arrays: dict[str, np.ndarray]) -> ServedModel:
    heads = {}
    for name, head in data["heads"].items():
        blocks = tuple(Block.of(b["spec"], b["vocabulary"], arrays[f"{name}.{i}.idf"], bool(b["sublinear"]),
                                int(b["offset"]))
                       for i, b in enumerate(head["blocks"]))
        prefix = f"{name}."
        calibration = serving_calibration.from_arrays(  # sigmoid when unnamed: files written before the others
            head.get("calibration", "sigmoid"),
            {k[len(prefix):]: v for k, v in arrays.items() if k.startswith(prefix) and k.count(".") == 1})
        heads[name] = Head(tuple(head["classes"]), blocks, arrays[f"{name}.coef"], arrays[f"{name}.intercept"],
                           calibration)
    return ServedModel(LanguageLayer(Lexicon(data=data["lexicon"])), ServingForm(heads),
                       frozenset(str(w) for w in data["known_words"]))


def _max_difference(served: ServedModel, notes: list[str], expected: list[dict[str, dict[str, float]]]) -> float:
    if len(notes) != len(expected):
        return float("inf")
    analyses = served.layer.analyze_many(notes)
    one_by_one = [served.form.probabilities([a])[0] for a in analyses]  # the service's path
    together = served.form.probabilities(analyses)  # the batch path
    return max((abs(g[h][c] - p) for got in (one_by_one, together) for g, e in zip(got, expected, strict=True)
                for h, probs in e.items() for c, p in probs.items()), default=0.0)


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
