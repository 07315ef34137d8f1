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


class CallTypeTally(_Section):
    """What one file's call types gave, for its rows without a crisis-type label of their own."""

    mapped: int = Field(description="Rows whose call type gave a crisis type.")
    none: int = Field(description="Rows whose call type the map sends to no label.")
    unmapped: int = Field(description="Rows whose call type the map does not know.")
    unmapped_types: dict[str, int] = Field(description="The commonest unmapped call types and their rows.")


class DataSource(_Section):
    path: str | None = None
    sha256: str | None = None
    rows: int | None = None
    kinds: dict[str, int] | None = Field(
        default=None, description="Rows by kind: `labeled` (a label of its own for some head), `weak` (only a crisis "
        "type from its call type), `superseded` (a weak row whose id another file labels), `skipped` (nothing to "
        "learn from). Null for a labeled file read whole.")
    call_types: CallTypeTally | None = Field(default=None, description="What the file's call types gave.")
    heads: list[str] | None = Field(
        default=None, description="The heads the file's labels trained (a base file: only those no other file labels).")


class HeadRows(_Section):
    """The training rows of one head: how many, from which source and of which kind, and the
    sha256 of their ids (sorted, one per line) to check a claimed row list against."""

    rows: int = Field(description="Training rows of this head.")
    labeled: int = Field(description="Of which a label of their own.")
    weak: int = Field(description="Of which a crisis type from their call type.")
    by_source: dict[str, int] = Field(description="Training rows per data file.")
    ids_sha256: str = Field(description="sha256 of the rows' ids, sorted, one per line.")


class CallTypes(_Section):
    """The call-type map that gave the weak labels, and their weight."""

    path: str = Field(description="The map file (data.call_types).")
    version: str = Field(description="`version` of the map.")
    digest: str = Field(description="sha256 of the map file.")
    weak_weight: float = Field(description="Sample weight of a weak row (a labeled row weighs 1).")


class TextHashes(_Section):
    """The keyed hashes of the training notes (`text_hashes`): their file and its key."""

    file: str = Field(description="File in the model directory (a uint64 array, no pickle).")
    sha256: str = Field(description="sha256 of that file.")
    key: str = Field(description="The HMAC key of this model's hashes (hex).")
    rows: int = Field(description="Distinct training notes hashed.")


class TrainingData(_Section):
    """The training data: digest, split sizes, per-source digests and the gate set."""

    digest: str | None = None
    train_rows: int | None = None
    test_rows: int | None = None
    split: str | None = None
    sources: list[DataSource] | None = None
    gate_set: DataSource | None = None
    #: Per head, the rows that trained it (None before weak labels).
    heads: dict[str, HeadRows] | None = None
    #: Heads no data file labeled, trained on data.base_paths instead.
    base_heads: list[str] | None = None
    call_types: CallTypes | None = None
    #: Keyed hashes of the notes the model was fitted on (None before them).
    text_hashes: TextHashes | None = None


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
