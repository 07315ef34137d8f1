"""The served model is data: read without pickle or scikit-learn, checked before it is parsed,
and refused when it does not reproduce the estimator."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from call_nlp.artifact import MANIFEST_FILE, MODEL_FILE, ModelLoadError, load_model, sha256_file
from call_nlp.serving_file import ARRAYS_FILE, DATA_FILE
from tests.conftest import resign


def _manifest(model_dir: Path) -> dict:
    return json.loads((model_dir / MANIFEST_FILE).read_text())


def _rewrite_digest(model_dir: Path, name: str, key: Path) -> None:
    """Recompute the file's digest in the manifest and sign it again with the training key: what
    the load check below the signature must still catch (a key that leaked, a training bug).
    Without the key, the signature refuses such a manifest first
    (`test_a_recomputed_digest_without_the_key_is_refused_by_the_signature`)."""
    manifest = _manifest(model_dir)
    manifest["serving"]["files"][name] = sha256_file(model_dir / name)
    (model_dir / MANIFEST_FILE).write_text(json.dumps(manifest))
    resign(model_dir, key)


def test_a_recomputed_digest_without_the_key_is_refused_by_the_signature(model_copy: Path) -> None:
    """Issue 11, point 3: weights changed and their digest recomputed in the manifest, as anyone
    who can write the directory could: refused before any file but the manifest is read."""
    with np.load(model_copy / ARRAYS_FILE, allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    arrays["crisis_type.coef"] = arrays["crisis_type.coef"] * np.float32(1.001)
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    (model_copy / ARRAYS_FILE).write_bytes(buffer.getvalue())
    manifest = _manifest(model_copy)
    manifest["serving"]["files"][ARRAYS_FILE] = sha256_file(model_copy / ARRAYS_FILE)
    (model_copy / MANIFEST_FILE).write_text(json.dumps(manifest))
    for estimator in (False, True):
        with pytest.raises(ModelLoadError, match="signature does not verify"):
            load_model(model_copy, estimator=estimator)


def test_served_model_loads_without_the_pickle(model_copy: Path) -> None:
    (model_copy / MODEL_FILE).unlink()  # the service never opens it
    loaded = load_model(model_copy, estimator=False)
    assert loaded.pipeline is None and loaded.served is not None
    with pytest.raises(ModelLoadError, match="model file model.joblib is missing"):
        load_model(model_copy)  # the estimator of record still needs it


def test_service_start_imports_neither_scikit_learn_nor_pandas(trained_model_dir: Path, policy_path: Path) -> None:
    """The service reads the serving form as data: no estimator stack, no unpickling. Only the
    batch path's sparse product comes from scipy (its load check runs that path too)."""
    code = (
        "import sys\n"
        "from call_nlp.triage import Triager\n"
        f"t = Triager.load({str(trained_model_dir)!r}, __import__('pathlib').Path({str(policy_path)!r}))\n"
        "assert t.triage('SUBJ HAS A KNIFE, HEARING VOICES').violence_risk.label == 'imminent'\n"
        "print(sorted(m for m in ('sklearn', 'pandas', 'joblib', 'scipy.optimize') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("name", [DATA_FILE, ARRAYS_FILE])
def test_a_changed_serving_file_is_refused_before_it_is_parsed(model_copy: Path, name: str) -> None:
    path = model_copy / name
    path.write_bytes(path.read_bytes() + b" ")
    with pytest.raises(ModelLoadError, match=f"{name}: sha256 .* does not match the manifest"):
        load_model(model_copy, estimator=False)


def _rewrite_array(model_dir: Path, name: str, value: np.ndarray, key: Path) -> None:
    """Replace one array of serving.npz and recompute its digest in the manifest."""
    with np.load(model_dir / ARRAYS_FILE, allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    arrays[name] = value
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    (model_dir / ARRAYS_FILE).write_bytes(buffer.getvalue())
    _rewrite_digest(model_dir, ARRAYS_FILE, key)


def test_changed_weights_with_a_recomputed_digest_fail_the_check(model_copy: Path, signing_key_path: Path) -> None:
    with np.load(model_copy / ARRAYS_FILE, allow_pickle=False) as npz:
        coef = npz["crisis_type.coef"]
    _rewrite_array(model_copy, "crisis_type.coef", coef * np.float32(1.001), signing_key_path)
    with pytest.raises(ModelLoadError, match="does not reproduce the estimator on its 200 check notes"):
        load_model(model_copy, estimator=False)


def test_a_pickled_array_is_refused(model_copy: Path, signing_key_path: Path) -> None:
    _rewrite_array(model_copy, "crisis_type.intercept", np.array([object()], dtype=object), signing_key_path)  # needs pickle to read
    with pytest.raises(ModelLoadError, match="serving files unreadable"):
        load_model(model_copy, estimator=False)


def test_a_missing_serving_file_is_named(model_copy: Path) -> None:
    (model_copy / DATA_FILE).unlink()
    with pytest.raises(ModelLoadError, match=f"serving file {DATA_FILE} is missing"):
        load_model(model_copy, estimator=False)


def test_a_model_without_serving_files_is_refused_for_serving_and_scored_by_evaluation(
        model_copy: Path, policy_path: Path, signing_key_path: Path) -> None:
    """A model trained before the serving files existed has only its pickle: the service and
    predict never unpickle (issue 11), so they refuse it and say to retrain; evaluation, which
    scores with the estimator of record, still reads it."""
    from call_nlp.errors import ModelLoadError
    from call_nlp.triage import Triager

    manifest = _manifest(model_copy)
    del manifest["serving"]
    (model_copy / MANIFEST_FILE).write_text(json.dumps(manifest))
    resign(model_copy, signing_key_path)  # as training signed such a model
    for name in (ARRAYS_FILE, DATA_FILE):
        (model_copy / name).unlink()
    with pytest.raises(ModelLoadError, match="Retrain it with `make train`"):
        load_model(model_copy, estimator=False)
    with pytest.raises(ModelLoadError, match="never loads"):
        Triager.load(model_copy, policy_path)
    triager = Triager.load(model_copy, policy_path, use_estimator=True)
    assert triager.triage("SUBJ HAS A KNIFE, HEARING VOICES").violence_risk.label == "imminent"


def test_serving_files_written_before_other_calibrations_load_as_sigmoid(model_copy: Path, signing_key_path: Path) -> None:
    """Files from before isotonic and temperature had a serving form name no method: sigmoid."""
    data = json.loads((model_copy / DATA_FILE).read_text())
    assert {head["calibration"] for head in data["heads"].values()} == {"sigmoid"}
    for head in data["heads"].values():
        del head["calibration"]
    (model_copy / DATA_FILE).write_text(json.dumps(data, sort_keys=True))
    _rewrite_digest(model_copy, DATA_FILE, signing_key_path)
    loaded = load_model(model_copy, estimator=False)  # the load check reproduces the 200 notes
    assert {h.calibration.method for h in loaded.served.form.heads.values()} == {"sigmoid"}


def test_an_unknown_calibration_method_is_refused_with_its_name(model_copy: Path, signing_key_path: Path) -> None:
    data = json.loads((model_copy / DATA_FILE).read_text())
    data["heads"]["crisis_type"]["calibration"] = "beta"
    (model_copy / DATA_FILE).write_text(json.dumps(data, sort_keys=True))
    _rewrite_digest(model_copy, DATA_FILE, signing_key_path)
    with pytest.raises(ModelLoadError, match="unknown calibration method 'beta'"):
        load_model(model_copy, estimator=False)
