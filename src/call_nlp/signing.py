"""Ed25519 signatures of model manifests: a model is read only if the key that trained it says so.

The manifest (``manifest.json``) holds the sha256 of every other file of a model directory,
and the loader checks each file against it before parsing it (`artifact`). A manifest
rewritten with recomputed digests would pass that check; its signature (``manifest.sig``) does
not. Training signs the manifest with the private key the training configuration names
(``signing.private_key``: created on first use, mode 0600, in a 0700 folder, gitignored), and
every loader (the service, ``call-nlp predict`` and ``evaluate``, the registry path) verifies the
signature over the manifest's exact bytes before it parses them.

The public key a loader trusts, in order: ``CALL_NLP_MODEL_VERIFY_KEY`` (a path to the public
key file, or the PEM text itself), else the public key beside the training configuration's
private key (``<private key>.pub``: what ``make train`` made, so the quick start needs no
step). With neither, a model is refused: nothing is loaded on trust.
"""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from call_nlp.errors import ModelLoadError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

SIGNATURE_FILE = "manifest.sig"
VERIFY_KEY_ENV = "CALL_NLP_MODEL_VERIFY_KEY"
PUBLIC_SUFFIX = ".pub"
#: Signed before the manifest's bytes, so that a signature made for anything else never verifies one.
CONTEXT = b"call-nlp model manifest v1\x00"


class UnsignedModel(ModelLoadError):
    """A model directory without a signature: trained before models were signed."""


def load_or_create_private_key(path: Path) -> Ed25519PrivateKey:
    """The signing key at ``path``; created there on first use (0600, its folder 0700), with
    its public key beside it (``<path>.pub``)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path = Path(path)
    if path.is_file():
        try:
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except ValueError as exc:
            raise ModelLoadError(f"{path}: not a PEM private key ({exc})") from None
        if not isinstance(key, Ed25519PrivateKey):
            raise ModelLoadError(f"{path}: not an Ed25519 private key")
    else:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as fh:
            fh.write(pem)
    public = public_path(path)
    if not public.is_file():
        public.write_bytes(key.public_key().public_bytes(serialization.Encoding.PEM,
                                                         serialization.PublicFormat.SubjectPublicKeyInfo))
    return key


def public_path(private_key: Path) -> Path:
    return Path(f"{private_key}{PUBLIC_SUFFIX}")


def key_id(key: Ed25519PublicKey) -> str:
    """The sha256 of the raw public key, in hex: which key signed a model (in its manifest and run)."""
    from cryptography.hazmat.primitives import serialization

    return hashlib.sha256(key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)).hexdigest()


def sign(manifest: bytes, key: Ed25519PrivateKey) -> bytes:
    """The content of ``manifest.sig`` for these manifest bytes."""
    return base64.b64encode(key.sign(CONTEXT + manifest)) + b"\n"


def verify(manifest: bytes, signature_file: Path, key: Ed25519PublicKey) -> None:
    """Raise `ModelLoadError` unless ``signature_file`` holds ``key``'s signature of ``manifest``."""
    from cryptography.exceptions import InvalidSignature

    if not signature_file.is_file():
        raise UnsignedModel(f"{signature_file.parent}: no {SIGNATURE_FILE}: the manifest is not signed "
                             "(retrain the model with `make train`, which signs it)")
    try:
        key.verify(base64.b64decode(signature_file.read_bytes().strip(), validate=True), CONTEXT + manifest)
    except (InvalidSignature, ValueError):
        raise ModelLoadError(f"{signature_file.parent}: the manifest's signature does not verify with the "
                             f"trusted key {key_id(key)[:12]}…: the manifest was changed after training, "
                             "or another key signed it") from None


def trusted_key() -> Ed25519PublicKey:
    """The public key models are verified with (see the module's docstring)."""
    spec = os.environ.get(VERIFY_KEY_ENV, "").strip()
    if spec:
        return read_public_key(spec, VERIFY_KEY_ENV)
    from call_nlp import defaults
    from call_nlp.config import ConfigError, load_config

    try:
        private = load_config(defaults.CONFIG_PATH).signing.private_key
    except ConfigError:
        private = None
    public = None if private is None else public_path(private)
    if public is None or not public.is_file():
        raise ModelLoadError(f"no key to verify the model's signature: set {VERIFY_KEY_ENV} to the public key "
                             f"of the key that trained it ({public or '<signing.private_key>.pub'})")
    return read_public_key(str(public), str(public))


def read_public_key(spec: str, where: str) -> Ed25519PublicKey:
    """An Ed25519 public key from PEM text or from the file ``spec`` names; `ModelLoadError`
    naming ``where`` otherwise."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    if spec.startswith("-----BEGIN"):
        pem = spec.encode()
    else:
        try:
            pem = Path(spec).read_bytes()
        except OSError as exc:
            raise ModelLoadError(f"{where}: the public key file cannot be read ({exc.strerror or type(exc).__name__})") from None
    try:
        key = serialization.load_pem_public_key(pem)
    except ValueError:
        raise ModelLoadError(f"{where}: not a PEM public key") from None
    if not isinstance(key, Ed25519PublicKey):
        raise ModelLoadError(f"{where}: not an Ed25519 public key")
    return key
