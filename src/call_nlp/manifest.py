"""``manifest.json``, typed: what a trained model directory says about itself.

`artifact.save_model` writes it at training; `artifact.load_model` validates it once, here, and
everything that serves or audits the model (the triager, the registry check, ``GET /v1/model``)
reads these fields rather than looking keys up in a dict. Older and hand-made manifests lack
sections: those are ``None`` (or empty), never an error; a section of the wrong shape is refused
at load with the field named. Keys this schema does not name are kept (``extra="allow"``).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

MODEL_FILE = "model.joblib"

#: Registry versions were written as numbers by some older runs: read them as text.
Text = Annotated[str, BeforeValidator(lambda v: str(v) if isinstance(v, int | float) else v)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)


class VersionDigest(_Section):
    """A versioned file the model was built with (the lexicon, the policy)."""

    version: Text = ""
    digest: str = ""


class DataSource(_Section):
    path: str | None = None
    sha256: str | None = None
    rows: int | None = None


class TrainingData(_Section):
    """The training data: digest, split sizes, per-source digests and the gate set."""

    digest: str | None = None
    train_rows: int | None = None
    test_rows: int | None = None
    split: str | None = None
    sources: list[DataSource] | None = None
    gate_set: DataSource | None = None


class Gate(_Section):
    """The promotion gate's decision for this model."""

    decision: str | None = None
    reason: str | None = None
    champion_version: Text | None = None
    figures: dict[str, Any] | None = None


class Manifest(_Section):
    """One trained model's manifest."""

    version: Text = Field(default="unversioned", description="Registry version, or `unregistered`.")
    mlflow_run_id: str | None = None
    trained_at: str | None = None
    alias: str | None = None
    model_file: str = MODEL_FILE
    model_sha256: str = ""
    labels: dict[str, list[str]] | None = None
    thresholds: dict[str, float] = Field(description="Review and decision thresholds (training config `thresholds`).")
    data: TrainingData = TrainingData()
    data_sha256: str | None = Field(default=None, description="The data digest of manifests older than `data`.")
    policy: VersionDigest | None = None
    lexicon: VersionDigest = VersionDigest()
    #: The call mix (`prior.CallMix` as JSON); `prior.from_manifest` validates it.
    prior: dict[str, Any] | None = None
    metrics: dict[str, Any] | None = None
    gate: Gate | None = None
    packages: dict[str, str] | None = None
    git: dict[str, Any] | None = None
    config: dict[str, Any] | None = None
    #: The serving files and their load check (`serving_file`); None for a model trained before them.
    serving: dict[str, Any] | None = None
    #: sha256 of the Ed25519 public key whose signature (manifest.sig) vouches for this manifest.
    signing_key_sha256: str | None = None
