"""Serving configuration: one settings object, read from ``CALL_NLP_*`` environment variables."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything the service needs to start; built when the app is created, never at import."""

    model_config = SettingsConfigDict(env_prefix="CALL_NLP_", extra="ignore", frozen=True)

    model_path: Path = Field(
        default=Path("models/current"), description="Model directory (model.joblib + manifest.json)."
    )
    policy_path: Path = Field(default=Path("serve/policy.yaml"), description="Response policy file.")
    max_text_chars: int = Field(default=10_000, gt=0, description="Longest note accepted, in characters.")
    max_batch: int = Field(default=256, gt=0, description="Most notes accepted in one batch request.")
    host: str = Field(default="127.0.0.1", description="Interface the server binds to (loopback by default).")
    port: int = Field(default=8000, gt=0, lt=65536, description="Port the server listens on.")
    log_text: bool = Field(default=False, description="Log note text (debugging only; notes are sensitive).")
