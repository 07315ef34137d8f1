"""Issue 11, point 3: a model's manifest is signed at training (Ed25519) and every loader
verifies the signature before it parses the manifest, with the key it is told to trust."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
import yaml

from call_nlp import defaults, signing
from call_nlp.artifact import MANIFEST_FILE, ModelLoadError, load_model
from call_nlp.triage import Triager


def test_training_creates_the_key_once_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "model-signing.key"
    first = signing.load_or_create_private_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    public = signing.read_public_key(str(signing.public_path(path)), "test")
    again = signing.load_or_create_private_key(path)  # the next training run: the same key
    assert signing.key_id(first.public_key()) == signing.key_id(again.public_key()) == signing.key_id(public)


def test_a_trained_model_is_signed_by_the_training_key(trained_model_dir: Path, signing_key_path: Path) -> None:
    manifest = json.loads((trained_model_dir / MANIFEST_FILE).read_text())
    key = signing.load_or_create_private_key(signing_key_path)
    assert manifest["signing_key_sha256"] == signing.key_id(key.public_key())
    signing.verify((trained_model_dir / MANIFEST_FILE).read_bytes(), trained_model_dir / signing.SIGNATURE_FILE,
                   key.public_key())


@pytest.mark.parametrize("estimator", [False, True])
def test_a_manifest_changed_after_training_is_refused_before_it_is_parsed(model_copy: Path, estimator: bool) -> None:
    content = (model_copy / MANIFEST_FILE).read_bytes()
    (model_copy / MANIFEST_FILE).write_bytes(content.replace(b'"crisis_type": 0.55', b'"crisis_type": 0.99'))
    with pytest.raises(ModelLoadError, match="signature does not verify"):
        load_model(model_copy, estimator=estimator)
    (model_copy / MANIFEST_FILE).write_bytes(content + b" ")  # one byte is enough
    with pytest.raises(ModelLoadError, match="signature does not verify"):
        load_model(model_copy, estimator=estimator)


@pytest.mark.parametrize("signature", [None, b"", b"not base64 at all!\n", b"QUJD\n"])
def test_a_missing_or_malformed_signature_is_refused_by_name(model_copy: Path, signature: bytes | None) -> None:
    target = model_copy / signing.SIGNATURE_FILE
    if signature is None:
        target.unlink()
    else:
        target.write_bytes(signature)
    with pytest.raises(ModelLoadError, match="not signed" if signature is None else "signature does not verify"):
        load_model(model_copy, estimator=False)


def test_a_model_signed_by_another_key_is_refused(model_copy: Path, tmp_path: Path) -> None:
    other = signing.load_or_create_private_key(tmp_path / "other" / "model-signing.key")
    content = (model_copy / MANIFEST_FILE).read_bytes()
    (model_copy / signing.SIGNATURE_FILE).write_bytes(signing.sign(content, other))
    with pytest.raises(ModelLoadError, match="another key signed it"):
        Triager.load(model_copy, defaults.POLICY_PATH)
    # and trusted once the loader is told to trust that key (the PEM text itself, in the variable)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(signing.VERIFY_KEY_ENV, signing.public_path(tmp_path / "other" / "model-signing.key").read_text())
        assert Triager.load(model_copy, defaults.POLICY_PATH).triage("SUBJ HAS A KNIFE").violence_risk.label == "imminent"


def test_without_the_variable_the_training_configs_public_key_is_trusted(
        model_copy: Path, signing_key_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The quick start: `make train` made the key pair the configuration names, and `make serve`
    verifies with its public key, no step in between."""
    config = yaml.safe_load(defaults.CONFIG_PATH.read_text())
    config["signing"]["private_key"] = str(signing_key_path)
    (tmp_path / "config.yaml").write_text(yaml.safe_dump(config))
    monkeypatch.delenv(signing.VERIFY_KEY_ENV)
    monkeypatch.setattr(defaults, "CONFIG_PATH", tmp_path / "config.yaml")
    assert load_model(model_copy, estimator=False).served is not None
    config["signing"]["private_key"] = str(tmp_path / "nowhere" / "model-signing.key")  # never trained here
    (tmp_path / "config.yaml").write_text(yaml.safe_dump(config))
    with pytest.raises(ModelLoadError, match=f"no key to verify the model's signature: set {signing.VERIFY_KEY_ENV}"):
        load_model(model_copy, estimator=False)


@pytest.mark.parametrize("value", ["/no/such/key.pub", "-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----\n"])
def test_an_unusable_verify_key_is_named_never_echoed(model_copy: Path, monkeypatch: pytest.MonkeyPatch,
                                                      value: str) -> None:
    monkeypatch.setenv(signing.VERIFY_KEY_ENV, value)
    with pytest.raises(ModelLoadError, match=signing.VERIFY_KEY_ENV) as refused:
        load_model(model_copy, estimator=False)
    assert "not a key" not in str(refused.value)


def test_an_rsa_key_is_not_an_ed25519_key(model_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    pem = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    (tmp_path / "rsa.pub").write_bytes(pem)
    monkeypatch.setenv(signing.VERIFY_KEY_ENV, str(tmp_path / "rsa.pub"))
    with pytest.raises(ModelLoadError, match="not an Ed25519 public key"):
        load_model(model_copy, estimator=False)
