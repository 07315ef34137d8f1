"""Loading a model by registry URI (``models:/call-nlp@champion``) or by directory, always verified.

Every training run logs one MLflow model holding its model directory (``model.joblib``, the
serving files and the signed ``manifest.json``: `mlflow_model`); runs before that layout logged
the directory as the run artifact ``served_model/``, which still loads. A ``models:/name@alias``
(or ``models:/name/version``) URI resolves, through the MLflow registry, to that directory. The manifest's signature is
verified before it is parsed (`signing`), the manifest is compared with the registry (run id,
version and the ``model_sha256`` tag set at registration; a version without the tag is
refused), and only then is each other file read, checked against its sha256 first.

The store is ``MLFLOW_TRACKING_URI`` when set, else the training configuration's.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from call_nlp.artifact import LoadedModel, ModelLoadError, load_model, read_manifest

MODEL_URI_PREFIX = "models:/"
#: Run artifact folder holding the model directory exactly as `make train` wrote it.
SERVED_MODEL_ARTIFACT = "served_model"
#: Model-version tag with the sha256 of model.joblib, set at registration.
SHA256_TAG = "model_sha256"


def is_model_uri(spec: str | Path) -> bool:
    return str(spec).startswith(MODEL_URI_PREFIX)


def default_tracking_uri() -> str:
    uri = os.environ.get("MLFLOW_TRACKING_URI")
    if uri:
        return uri
    from call_nlp import defaults
    from call_nlp.config import ConfigError, load_config

    try:
        return load_config(defaults.CONFIG_PATH).mlflow.tracking_uri
    except ConfigError as exc:
        raise ModelLoadError(f"no MLflow store to resolve a models:/ URI: set MLFLOW_TRACKING_URI ({exc})") from None


def client(tracking_uri: str | None = None) -> Any:
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    from mlflow import MlflowClient

    uri = tracking_uri or default_tracking_uri()
    return MlflowClient(tracking_uri=uri, registry_uri=uri)


def parse_model_uri(uri: str) -> tuple[str, str | None, str | None]:
    """``models:/name@alias`` → (name, alias, None); ``models:/name/3`` → (name, None, "3")."""
    rest = str(uri)[len(MODEL_URI_PREFIX):].strip("/")
    if "@" in rest:
        name, alias = rest.rsplit("@", 1)
        if name and alias:
            return name, alias, None
    elif "/" in rest:
        name, version = rest.rsplit("/", 1)
        if name and version.isdigit():
            return name, None, version
    raise ModelLoadError(f"{uri}: expected models:/<name>@<alias> or models:/<name>/<version>")


def model_version(uri: str, tracking_uri: str | None = None) -> Any:
    """The registry entry a models:/ URI names (a ``ModelVersion``)."""
    from mlflow.exceptions import MlflowException

    name, alias, version = parse_model_uri(uri)
    mlflow_client = client(tracking_uri)
    try:
        if alias is not None:
            return mlflow_client.get_model_version_by_alias(name, alias)
        return mlflow_client.get_model_version(name, version)
    except MlflowException as exc:
        raise ModelLoadError(f"{uri}: not in the registry at {tracking_uri or default_tracking_uri()}: "
                             f"{exc.message.splitlines()[0]}") from None


def load_registered(uri: str, tracking_uri: str | None = None, *, estimator: bool = True) -> LoadedModel:
    """Download the version ``uri`` names and load its model directory, verified (``estimator``:
    as `load_model`): the one MLflow model of its run (``artifacts/model_dir``, `mlflow_model`), or,
    for a version registered before that layout, its run's ``served_model/`` artifact."""
    os.environ.setdefault("MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR", "false")  # no bar in service logs
    entry = model_version(uri, tracking_uri)
    store = tracking_uri or default_tracking_uri()
    name = parse_model_uri(uri)[0]
    with tempfile.TemporaryDirectory(prefix="call-nlp-model-") as tmp:
        local, layout = _download(entry, name, Path(tmp), store)
        manifest = read_manifest(local)  # its signature verified before it is parsed
        if layout == MLFLOW_MODEL_LAYOUT and manifest.version == UNREGISTERED:
            manifest = manifest.model_copy(update={"version": str(entry.version)})  # the registry's, as it was made
        problems = []
        if manifest.mlflow_run_id != entry.run_id:
            problems.append(f"manifest run id {manifest.mlflow_run_id} is not the version's run {entry.run_id}")
        if manifest.version != str(entry.version):
            problems.append(f"manifest version {manifest.version} is not registry version {entry.version}")
        registered_sha = (entry.tags or {}).get(SHA256_TAG)
        if not registered_sha:
            problems.append(f"the version has no {SHA256_TAG} tag to compare the manifest with")
        elif registered_sha != manifest.model_sha256:
            problems.append(f"manifest sha256 {manifest.model_sha256[:12]}… is not the registered "
                            f"{registered_sha[:12]}…")
        if problems:  # before any other file is read
            raise ModelLoadError(f"{uri}: the artifact does not match the registry: {'; '.join(problems)}")
        loaded = load_model(local, estimator=estimator, manifest=manifest)  # each file against its sha256
    return LoadedModel(loaded.pipeline, manifest, Path(uri), loaded.served, loaded.training_hashes)


#: Where a version's model directory was found: in its MLflow model, or in its run's served_model/.
MLFLOW_MODEL_LAYOUT, RUN_ARTIFACT_LAYOUT = "mlflow-model", "run-artifact"
#: The version a manifest written before registration holds.
UNREGISTERED = "unregistered"


def _download(entry: Any, name: str, into: Path, store: str) -> tuple[Path, str]:
    """The version's model directory, downloaded, and which layout held it."""
    import mlflow.artifacts
    from mlflow.exceptions import MlflowException

    from call_nlp.mlflow_model import model_dir_in

    try:
        # the version's source (the logged model, models:/m-...) is resolved in the tracking store given,
        # never in whatever registry this process last set
        whole = Path(mlflow.artifacts.download_artifacts(artifact_uri=entry.source, dst_path=str(into / "model"),
                                                         tracking_uri=store))
    except (MlflowException, OSError):
        whole = None
    found = model_dir_in(whole) if whole is not None else None
    if found is not None:
        return found, MLFLOW_MODEL_LAYOUT
    try:  # a version logged before the model directory moved into the MLflow model
        return Path(mlflow.artifacts.download_artifacts(run_id=entry.run_id, artifact_path=SERVED_MODEL_ARTIFACT,
                                                        dst_path=str(into / "run"), tracking_uri=store)), RUN_ARTIFACT_LAYOUT
    except (MlflowException, OSError) as exc:
        raise ModelLoadError(f"{MODEL_URI_PREFIX}{name}/{entry.version}: version {entry.version} (run {entry.run_id}) "
                             f"has no readable model directory, neither in its MLflow model nor as the run's "
                             f"{SERVED_MODEL_ARTIFACT}/ artifact: {exc}") from None


def load(spec: str | Path, tracking_uri: str | None = None, *, estimator: bool = True) -> LoadedModel:
    """A model directory or a ``models:/`` URI, verified either way. ``estimator=False``: only
    the serving files (no pickle, no scikit-learn) when the model has them."""
    if is_model_uri(spec):
        return load_registered(str(spec), tracking_uri, estimator=estimator)
    return load_model(Path(spec), estimator=estimator)
