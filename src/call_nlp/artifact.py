"""Writing and reading a trained model: ``model.joblib``, the serving files and
``manifest.json`` beside them.

The manifest records what an auditor needs to trace the model (labels, metrics, data
digest, MLflow run id, package versions) and the sha256 the loader checks each file against;
``manifest.sig`` is its Ed25519 signature, verified before the manifest is parsed (`signing`).
``model.joblib`` is the estimator of record (training, evaluation, MLflow); the service reads
the serving files instead (`serving_file`), which hold data only and need no scikit-learn.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from call_nlp import signing
from call_nlp.errors import ModelLoadError
from call_nlp.manifest import MODEL_FILE, Manifest

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from sklearn.pipeline import Pipeline

    from call_nlp.serving_file import ServedModel

MANIFEST_FILE = "manifest.json"
TRACKED_PACKAGES = ("call-nlp", "scikit-learn", "spacy", "numpy", "pandas", "joblib", "mlflow")


@dataclass(frozen=True)
class LoadedModel:
    """A verified model directory: the fitted pipeline (None when only the serving files were
    read) and, when read, the served model built from the serving files."""

    pipeline: Pipeline | None
    manifest: Manifest
    path: Path
    served: ServedModel | None = None
    #: The training notes' keyed hashes (`text_hashes`), read with the estimator; None without them.
    training_hashes: Any = None


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def package_versions() -> dict[str, str]:
    versions = {}
    for name in TRACKED_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def save_model(pipeline: Pipeline, manifest: dict[str, Any], model_dir: Path,
               signer: Ed25519PrivateKey, training_texts: Sequence[str] | None = None) -> dict[str, Any]:
    """Write the pipeline, its serving files, the keyed hashes of its ``training_texts``, its
    manifest (with every file's sha256 and the signing key's id) and the manifest's signature;
    returns the manifest as written."""
    import joblib

    from call_nlp import serving_file

    model_dir.mkdir(parents=True, exist_ok=True)
    model_path = model_dir / MODEL_FILE
    joblib.dump(pipeline, model_path, compress=3)
    written = {**manifest, "model_file": MODEL_FILE, "model_sha256": sha256_file(model_path),
               "signing_key_sha256": signing.key_id(signer.public_key())}
    serving = serving_file.write(pipeline, model_dir)
    if serving is not None:
        written["serving"] = serving
    if training_texts is not None:
        from call_nlp import text_hashes

        written["data"] = {**written.get("data", {}), "text_hashes": text_hashes.write(model_dir, training_texts)}
    write_manifest(model_dir, written, signer)
    return written


def write_manifest(model_dir: Path, manifest: dict[str, Any], signer: Ed25519PrivateKey) -> None:
    """Write a model directory's manifest and its signature (last: a reader polling the directory
    sees the new manifest only once every file it names is in place)."""
    content = (json.dumps(manifest, indent=2, sort_keys=True, default=str) + "\n").encode()
    (model_dir / MANIFEST_FILE).write_bytes(content)
    (model_dir / signing.SIGNATURE_FILE).write_bytes(signing.sign(content, signer))


def read_manifest(model_dir: Path) -> Manifest:
    """The directory's manifest, once its signature verified with the trusted key
    (`signing.trusted_key`): the bytes verified are the bytes parsed."""
    model_dir = Path(model_dir)
    manifest_path = model_dir / MANIFEST_FILE
    if not manifest_path.is_file():
        raise ModelLoadError(f"{model_dir}: no {MANIFEST_FILE}; train a model first with `make train`")
    content = manifest_path.read_bytes()
    signing.verify(content, model_dir / signing.SIGNATURE_FILE, signing.trusted_key())
    try:
        manifest = json.loads(content)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelLoadError(f"{manifest_path}: not valid JSON: {exc}") from None
    if not isinstance(manifest, dict):
        raise ModelLoadError(f"{manifest_path}: not a JSON object")
    try:
        return Manifest.model_validate(manifest)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise ModelLoadError(f"{manifest_path}: {problems}") from None


def load_model(model_dir: Path, *, estimator: bool = True, manifest: Manifest | None = None) -> LoadedModel:
    """Read a model directory: its manifest's signature verified (`read_manifest`, unless the
    caller passes the ``manifest`` it read so), then each file against the manifest's sha256
    before it is parsed. ``estimator=False`` (the service, predict): read only the serving files
    (data, no pickle); a model without them is refused, never unpickled."""
    model_dir = Path(model_dir)
    typed = read_manifest(model_dir) if manifest is None else manifest
    if not estimator:
        if typed.serving is None:  # never unpickle on the serving path: a pickle can run code
            raise ModelLoadError(f"{model_dir}: no serving files (a model from before they existed); only its "
                                 f"pickle {typed.model_file}, which the service never loads. Retrain it with `make train`")
        from call_nlp import serving_file

        return LoadedModel(None, typed, model_dir, serving_file.read(model_dir, typed.serving))
    model_path = model_dir / typed.model_file
    if not model_path.is_file():
        raise ModelLoadError(f"{model_dir}: model file {model_path.name} is missing")
    actual = sha256_file(model_path)
    if actual != typed.model_sha256:
        raise ModelLoadError(
            f"{model_path}: sha256 {actual[:12]}… does not match the manifest "
            f"({typed.model_sha256[:12]}…); the file was changed after training"
        )
    import joblib

    hashes = None
    if typed.data.text_hashes is not None:
        from call_nlp import text_hashes

        hashes = text_hashes.read(model_dir, typed.data.text_hashes)
    return LoadedModel(pipeline=joblib.load(model_path), manifest=typed, path=model_dir, training_hashes=hashes)
