"""Shared fixtures: one small model trained once per test session, in a temporary MLflow store."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest

from call_nlp.config import TrainConfig, load_config

REPO = Path(__file__).resolve().parents[1]
TINY_CORPUS_NOTES = 2000
TINY_GATE_NOTES = 400
#: PostgreSQL to run the record-store tests against as well (`.ci/run` sets it), e.g.
#: postgresql+psycopg://postgres@127.0.0.1:5432/test; each test gets its own schema.
POSTGRES_ENV = "CALL_NLP_TEST_POSTGRES_URL"


@pytest.fixture(scope="session", autouse=True)
def _records_outside_the_repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Apps started by tests (including the benchmark's) record into a temporary store, never ./records."""
    records = tmp_path_factory.mktemp("records")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CALL_NLP_DATABASE_URL", f"sqlite:///{records / 'call_nlp.db'}")
        patch.setenv("CALL_NLP_SPOOL_DIR", str(records / "spool"))
        patch.delenv("CALL_NLP_API_KEYS", raising=False)
        patch.delenv("CALL_NLP_HMAC_SECRET", raising=False)
        yield


@pytest.fixture(scope="session")
def signing_key_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Ed25519 key the tests' models are signed with (created here, with its .pub)."""
    from call_nlp import signing

    path = tmp_path_factory.mktemp("keys") / "model-signing.key"
    signing.load_or_create_private_key(path)
    return path


@pytest.fixture(scope="session", autouse=True)
def _models_verified_with_the_test_key(signing_key_path: Path) -> Iterator[None]:
    """Every loader in the tests (and the processes they start) trusts the test key, as a
    service trusts its agency's through CALL_NLP_MODEL_VERIFY_KEY."""
    from call_nlp import signing

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(signing.VERIFY_KEY_ENV, str(signing.public_path(signing_key_path)))
        yield


def resign(model_dir: Path, signing_key_path: Path) -> None:
    """Sign a model directory's manifest again (a test that edits a manifest on purpose)."""
    from call_nlp import signing
    from call_nlp.artifact import MANIFEST_FILE

    key = signing.load_or_create_private_key(signing_key_path)
    content = (model_dir / MANIFEST_FILE).read_bytes()
    (model_dir / signing.SIGNATURE_FILE).write_bytes(signing.sign(content, key))


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty record database: a SQLite file, or a new schema on the PostgreSQL of $CALL_NLP_TEST_POSTGRES_URL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'records.db'}"
        return
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(f"PostgreSQL store tests: set {POSTGRES_ENV}=postgresql+psycopg://postgres@127.0.0.1:5432/test")
    from sqlalchemy import create_engine, make_url, text

    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield make_url(base).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False
        )
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="session")
def policy_path() -> Path:
    from call_nlp import defaults

    return REPO / defaults.POLICY_PATH


@pytest.fixture(scope="session")
def base_config() -> TrainConfig:
    return load_config(REPO / "training" / "config.yaml")


@pytest.fixture(scope="session")
def tiny_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic corpus from the demo generator (labels follow the taxonomy)."""
    from call_nlp.demo import generate_corpus

    path = tmp_path_factory.mktemp("corpus") / "notes.csv"
    generate_corpus(n=TINY_CORPUS_NOTES, seed=7).to_csv(path, index=False)
    return path


def tiny_config(base: TrainConfig, root: Path, tiny_corpus: Path, gate_path: Path, signing_key: Path) -> TrainConfig:
    """The repo's config pointed at ``root`` (model dirs, MLflow store), the tiny corpus's folder
    as the demo folder, a small gate set, a faster solver, and the tests' signing key."""
    return base.model_copy(
        update={
            "data": base.data.model_copy(update={"demo_dir": tiny_corpus.parent}),
            "output": base.output.model_copy(update={"model_dir": root / "model", "challenger_dir": root / "challenger"}),
            "mlflow": base.mlflow.model_copy(
                update={"tracking_uri": f"sqlite:///{root / 'mlflow.db'}", "artifact_root": root / "mlartifacts"}
            ),
            "model": base.model.model_copy(update={"max_iter": 500, "n_jobs": 1}),
            "gate": base.gate.model_copy(update={"path": gate_path, "notes": TINY_GATE_NOTES}),
            "audit": base.audit.model_copy(update={"lock_file": REPO / "requirements.lock"}),
            "signing": base.signing.model_copy(update={"private_key": signing_key}),
        }
    )


@pytest.fixture(scope="session")
def gate_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the tiny gate set is written (by the first training, from the demo generator)."""
    return tmp_path_factory.mktemp("gate") / "gate.csv"


#: What mlflow.set_tracking_uri and set_registry_uri also set in the environment.
MLFLOW_URI_VARIABLES = ("MLFLOW_TRACKING_URI", "MLFLOW_REGISTRY_URI")


@contextmanager
def own_tracking_store() -> Iterator[None]:
    """Training in tests uses the config's store, whatever MLFLOW_TRACKING_URI says; afterwards the
    variables are as they were (mlflow.set_tracking_uri and set_registry_uri also set them, and a
    later test's subprocess, such as `mlflow models serve`, would look for models in this store)."""
    saved = {name: os.environ.pop(name, None) for name in MLFLOW_URI_VARIABLES}
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture(scope="session")
def training_run(
    tmp_path_factory: pytest.TempPathFactory, base_config: TrainConfig, tiny_corpus: Path, policy_path: Path,
    gate_path: Path, signing_key_path: Path,
) -> Iterator[tuple[TrainConfig, str]]:
    """Train once on the tiny corpus into a temporary model dir and SQLite MLflow store."""
    from call_nlp import train

    cfg = tiny_config(base_config, tmp_path_factory.mktemp("run"), tiny_corpus, gate_path, signing_key_path)
    with own_tracking_store():
        run_id = train.main(cfg, [tiny_corpus], policy_path=policy_path)
    yield cfg, run_id


@pytest.fixture(scope="session")
def trained_model_dir(training_run: tuple[TrainConfig, str]) -> Path:
    """A model directory (model.joblib + manifest.json) trained once per test session."""
    return Path(training_run[0].output.model_dir)


@pytest.fixture
def model_copy(trained_model_dir: Path, tmp_path: Path) -> Path:
    """A private copy of the trained model directory that a test may damage."""
    return Path(shutil.copytree(trained_model_dir, tmp_path / "model"))


@pytest.fixture(scope="session")
def triager(trained_model_dir: Path, policy_path: Path):  # noqa: ANN201 - Triager
    from call_nlp.triage import Triager

    return Triager.load(trained_model_dir, policy_path)


def write_csv(path: Path, rows: list[dict[str, object]]) -> Path:
    pd.DataFrame(rows).to_csv(path, index=False)
    return path
