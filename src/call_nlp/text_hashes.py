"""Keyed hashes of the notes a model was fitted on, so that ``call-nlp evaluate`` can say when the
notes it scores were training notes (their figures would measure fit, not generalisation).

Each training note (its text, surrounding spaces stripped) is hashed with HMAC-SHA256 under a
random key made for that model; the first 8 bytes of each digest are stored, sorted, as a
``uint64`` array (``training_texts.npy``, read without pickle). The key and the file's sha256
are in the signed manifest. No text is stored: the file can only confirm a note someone already
holds (as the model's vocabulary can), and with 8 bytes two different notes match by chance
about once in 10^19 pairs.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from call_nlp.errors import ModelLoadError

FILE = "training_texts.npy"


def digests(key: bytes, texts: Iterable[str]) -> np.ndarray:
    """Each text's keyed hash (the first 8 bytes of its HMAC-SHA256), as uint64."""
    return np.array([int.from_bytes(hmac.new(key, str(t).strip().encode("utf-8"), hashlib.sha256).digest()[:8], "big")
                     for t in texts], dtype=np.uint64)


def write(model_dir: Path, texts: Iterable[str]) -> dict[str, Any]:
    """Write the training notes' hashes beside the model; the manifest entry that names them."""
    key = secrets.token_bytes(32)
    values = np.unique(digests(key, texts))
    buffer = io.BytesIO()
    np.save(buffer, values, allow_pickle=False)
    content = buffer.getvalue()
    (Path(model_dir) / FILE).write_bytes(content)
    return {"file": FILE, "sha256": hashlib.sha256(content).hexdigest(), "key": key.hex(), "rows": int(len(values))}


def read(model_dir: Path, entry: Any) -> np.ndarray:
    """The stored hashes, checked against the manifest's sha256 before they are parsed."""
    path = Path(model_dir) / entry.file
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        raise ModelLoadError(f"{path}: missing (the manifest names it: the training notes' keyed hashes)") from None
    if hashlib.sha256(content).hexdigest() != entry.sha256:
        raise ModelLoadError(f"{path}: sha256 does not match the manifest; the file was changed after training")
    values = np.load(io.BytesIO(content), allow_pickle=False)
    if values.dtype != np.uint64 or values.ndim != 1:
        raise ModelLoadError(f"{path}: not a list of hashes")
    return values


def seen(key_hex: str, stored: np.ndarray, texts: Iterable[str]) -> np.ndarray:
    """Per text, whether it was a training note."""
    return np.isin(digests(bytes.fromhex(key_hex), texts), stored)


def overlap_line(model: Any, texts: list[str]) -> str:
    """What ``call-nlp evaluate`` says about a file's notes that were training notes (``model``: a
    `LoadedModel` read with its estimator)."""
    entry = model.manifest.data.text_hashes
    if entry is None or model.training_hashes is None:
        return "training-data overlap: not checked (the model records no keyed hashes of its training notes)"
    found = int(seen(entry.key, model.training_hashes, texts).sum())
    if not found:
        return f"training-data overlap: none of the {len(texts)} notes was a training note (keyed hash)"
    return (f"WARNING: {found} of {len(texts)} notes ({found / len(texts):.1%}) were training notes of this model "
            "(matched by keyed hash): on them these figures measure fit, not generalisation")
