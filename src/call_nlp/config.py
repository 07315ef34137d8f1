"""The training configuration (``training/config.yaml``), read into one validated object."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from call_nlp.labels import HEADS

DEFAULT_CONFIG_PATH = Path("training/config.yaml")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DataConfig(_Strict):
    default_paths: list[Path]
    demo_dir: Path
    demo_notes: int = Field(gt=0)


class SplitConfig(_Strict):
    test_size: float = Field(gt=0, lt=1)


class ModelConfig(_Strict):
    word_ngram_range: tuple[int, int] = (1, 2)
    char_ngram_range: tuple[int, int] = (2, 5)
    min_df: int = Field(default=2, ge=1)
    max_word_features: int | None = None
    max_char_features: int | None = None
    C: float = Field(default=4.0, gt=0)
    class_weight: Literal["balanced"] | None = "balanced"
    max_iter: int = Field(default=2000, gt=0)
    calibration_method: Literal["sigmoid", "isotonic", "temperature"] = "sigmoid"
    calibration_cv: int = Field(default=3, ge=2)
    n_jobs: int | None = None


class LanguageConfig(_Strict):
    #: Extra lexicon files merged over the packaged one (call_nlp/resources/lexicon.yaml).
    lexicon_paths: list[Path] = Field(default_factory=list)


class OutputConfig(_Strict):
    model_dir: Path


class MlflowConfig(_Strict):
    tracking_uri: str
    artifact_root: Path
    experiment: str
    registered_model: str
    alias: str


class TrainConfig(_Strict):
    seed: int
    data: DataConfig
    split: SplitConfig
    model: ModelConfig
    language: LanguageConfig = Field(default_factory=LanguageConfig)
    thresholds: dict[str, float]
    output: OutputConfig
    mlflow: MlflowConfig

    def model_post_init(self, _context: object) -> None:
        missing = set(HEADS) - set(self.thresholds)
        if missing:
            raise ValueError(f"thresholds: missing a threshold for {sorted(missing)}")


class ConfigError(ValueError):
    """The configuration file is missing or invalid; the message says which field."""


def load_config(path: Path = DEFAULT_CONFIG_PATH) -> TrainConfig:
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
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"{path}: {problems}") from None
    except ValueError as exc:
        raise ConfigError(f"{path}: {exc}") from None
