"""The training configuration (``training/config.yaml``), read into one validated object."""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from call_nlp import defaults
from call_nlp.errors import ConfigError
from call_nlp.labels import CRISIS_TYPES, HEADS

#: A call mix's shares must sum to 1 within this.
SHARE_SUM_TOLERANCE = 1e-6


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DataConfig(_Strict):
    default_paths: list[Path]
    demo_dir: Path
    demo_notes: int = Field(gt=0)
    #: What trains a head that no data file gives labels for (an export of call types alone
    #: labels no violence risk); None: the demo corpus (`demo_file`).
    base_paths: list[Path] | None = None
    #: Call type -> crisis type, for rows of an export that have no crisis_type label (`call_types`).
    call_types: Path = defaults.CALL_TYPES_PATH
    #: The sample weight of a row whose crisis type comes from its call type (labeled rows: 1).
    weak_weight: float = Field(default=0.5, gt=0, le=1)
    #: The sample weight of a gold label from the agency's own files (not the demo corpus, not a base
    #: file). Above 1, a few hundred hand-labeled notes count against thousands of synthetic ones.
    agency_label_weight: float = Field(default=1.0, gt=0, le=100)

    @property
    def demo_file(self) -> Path:
        """The demo corpus `make train` builds when a data file names it and it is missing."""
        return self.demo_dir / defaults.DEMO_FILE

    @property
    def base_files(self) -> list[Path]:
        return list(self.base_paths) if self.base_paths is not None else [self.demo_file]


class SplitConfig(_Strict):
    test_size: float = Field(gt=0, lt=1)
    #: Notes sharing a value of this column (one call's updates) stay on one side of the split.
    group_column: str = "call_id"


CalibrationMethod = Literal["sigmoid", "isotonic", "temperature"]
DEFAULT_CALIBRATION: CalibrationMethod = "sigmoid"


class ModelConfig(_Strict):
    word_ngram_range: tuple[int, int] = (1, 2)
    char_ngram_range: tuple[int, int] = (2, 5)
    min_df: int = Field(default=2, ge=1)
    max_word_features: int | None = None
    max_char_features: int | None = None
    C: float = Field(default=4.0, gt=0)
    class_weight: Literal["balanced"] | None = "balanced"
    max_iter: int = Field(default=2000, gt=0)
    #: One method for both heads, or one per head (``{crisis_type: temperature, violence_risk: sigmoid}``).
    calibration_method: CalibrationMethod | dict[Literal["crisis_type", "violence_risk"], CalibrationMethod] = DEFAULT_CALIBRATION
    calibration_cv: int = Field(default=3, ge=2)
    n_jobs: int | None = None

    def calibration_for(self, head: str) -> str:
        """The calibration method of ``head`` (a head missing from a mapping: the default)."""
        method = self.calibration_method
        return method if isinstance(method, str) else method.get(head, DEFAULT_CALIBRATION)  # type: ignore[arg-type]


class LanguageConfig(_Strict):
    #: Extra lexicon files merged over the packaged one (call_nlp/resources/lexicon.yaml).
    lexicon_paths: list[Path] = Field(default_factory=list)


class OutputConfig(_Strict):
    #: Where a promoted model (the champion) is written; what the service loads by default.
    model_dir: Path = defaults.MODEL_DIR
    #: Where a model the gate did not promote is written (never the serving directory).
    challenger_dir: Path = defaults.CHALLENGER_DIR


class GateConfig(_Strict):
    """The promotion gate: a pinned held-out file both the new model and the champion are scored on,
    or the agency's own labeled held-out notes (``use: agency_heldout``)."""

    #: ``pinned``: the file at ``path``; ``agency_heldout``: this run's held-out rows from the
    #: agency's own files (not the demo corpus, not base files) that have gold crisis_type,
    #: violence_risk and response_model labels.
    use: Literal["pinned", "agency_heldout"] = "pinned"
    #: The fewest agency held-out notes ``agency_heldout`` accepts (fewer: training stops before the fit).
    min_agency_notes: int = Field(default=200, ge=1)
    path: Path
    #: Write the gate file from the demo generator (``notes`` notes, ``seed``) when it is missing.
    #: Agencies pointing ``path`` at their own file set this to false, so a typo is an error.
    generate_if_missing: bool = True
    notes: int = Field(default=2000, gt=0)
    seed: int
    #: Largest response-model accuracy loss (absolute) a new champion may have.
    max_accuracy_drop: float = Field(default=0.02, ge=0, le=1)
    #: No model below this response-model accuracy is promoted, not even the first one.
    min_response_accuracy: float = Field(default=0.5, ge=0, le=1)


class AuditConfig(_Strict):
    """What a run records for auditors beyond metrics: slices, calibration, example errors."""

    lock_file: Path = Path("requirements.lock")
    #: Slices (district, demographic descriptor group) smaller than this are skipped, and listed as such.
    slice_min_size: int = Field(default=30, ge=1)
    calibration_bins: int = Field(default=10, ge=2)
    misclassified_per_head: int = Field(default=20, ge=0)
    #: Log redacted misclassified notes when training on agency data (always on for the demo corpus).
    misclassified_for_agency_data: bool = False


def share_problems(shares: Mapping[str, float], *, positive: bool) -> list[str]:
    """What is wrong with a call mix: it must give a share to exactly the crisis types, each
    in [0, 1] (above 0 when ``positive``), summing to 1 within `SHARE_SUM_TOLERANCE`."""
    problems: list[str] = []
    missing = [label for label in CRISIS_TYPES if label not in shares]
    unknown = sorted(set(shares) - set(CRISIS_TYPES))
    if missing:
        problems.append(f"missing crisis type(s) {missing}")
    if unknown:
        problems.append(f"unknown crisis type(s) {unknown}; expected exactly {list(CRISIS_TYPES)}")
    for label, share in shares.items():
        if not (math.isfinite(share) and 0.0 <= share <= 1.0):
            problems.append(f"{label}: share {share} is not between 0 and 1")
        elif positive and share <= 0.0:
            problems.append(f"{label}: share must be above 0 (a type with no share could never be suggested)")
    total = math.fsum(shares.values())
    if not problems and abs(total - 1.0) > SHARE_SUM_TOLERANCE:
        problems.append(f"shares sum to {total:.6g}, not 1 (within {SHARE_SUM_TOLERANCE:g})")
    return problems


class PriorConfig(_Strict):
    """The agency's call mix, the prior the crisis-type probabilities are re-weighted to.

    Exactly one form: ``shares`` (the expected share of each crisis type) or ``estimate``
    (a CSV/Parquet file of the agency's unlabeled notes, column ``text``, from which the
    shares are estimated by EM with the freshly fitted model).
    """

    shares: dict[str, float] | None = None
    estimate: Path | None = None

    @field_validator("shares")
    @classmethod
    def _valid_mix(cls, shares: dict[str, float] | None) -> dict[str, float] | None:
        problems = share_problems(shares, positive=True) if shares is not None else []
        if problems:
            raise ValueError("; ".join(problems))
        return shares

    @model_validator(mode="after")
    def _one_form(self) -> PriorConfig:
        if (self.shares is None) == (self.estimate is None):
            raise ValueError("give exactly one of `shares` (the expected share of each crisis type) "
                             "or `estimate` (a file of the agency's unlabeled notes)")
        return self


class MlflowConfig(_Strict):
    tracking_uri: str
    artifact_root: Path
    experiment: str
    registered_model: str
    #: Alias of the model that serves; a model the gate refuses gets ``challenger_alias``.
    alias: str
    challenger_alias: str = "challenger"


class SigningConfig(_Strict):
    #: The Ed25519 key that signs each model's manifest (`signing`); created on first use.
    private_key: Path


class TrainConfig(_Strict):
    seed: int
    data: DataConfig
    split: SplitConfig
    model: ModelConfig
    language: LanguageConfig = Field(default_factory=LanguageConfig)
    thresholds: dict[str, float]
    #: The agency's call mix (crisis-type prior) the model's probabilities are re-weighted to.
    prior: PriorConfig
    output: OutputConfig = Field(default_factory=OutputConfig)
    #: The response policy the model is evaluated and gated with (the service's, by default).
    policy: Path = defaults.POLICY_PATH
    mlflow: MlflowConfig
    gate: GateConfig
    audit: AuditConfig = Field(default_factory=AuditConfig)
    signing: SigningConfig

    def model_post_init(self, _context: object) -> None:
        missing = set(HEADS) - set(self.thresholds)
        if missing:
            raise ValueError(f"thresholds: missing a threshold for {sorted(missing)}")
        unknown = set(self.thresholds) - set(HEADS) - OTHER_THRESHOLDS
        if unknown:
            raise ValueError(f"thresholds: unknown {sorted(unknown)}; known: {sorted(set(HEADS) | OTHER_THRESHOLDS)}")
        outside = sorted(k for k, v in self.thresholds.items() if not 0.0 <= v <= 1.0)
        if outside:
            raise ValueError(f"thresholds: {outside} must be between 0 and 1")
        if self.gate.seed == self.seed:
            raise ValueError("gate.seed: must differ from the training seed (the gate set must be other notes)")


#: Thresholds besides one per head (see training/config.yaml for what each does).
OTHER_THRESHOLDS = frozenset({"behavioral", "behavioral_conflict", "known_vocabulary"})


def load_config(path: Path = defaults.CONFIG_PATH) -> TrainConfig:
    """Read and validate a training configuration file."""
    try:
        doc = yaml.safe_load(Path(path).read_text())
    except FileNotFoundError:
        raise ConfigError(f"{path}: configuration file not found") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
    try:
        return TrainConfig.model_validate(doc)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg'].removeprefix('Value error, ')}"
                             for e in exc.errors())
        raise ConfigError(f"{path}: {problems}") from None
    except ValueError as exc:
        raise ConfigError(f"{path}: {exc}") from None
