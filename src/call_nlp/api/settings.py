"""Serving configuration: one settings object, read from ``CALL_NLP_*`` environment variables."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from call_nlp import defaults
from call_nlp.log_setup import LogFormat
from call_nlp.records.record import StoreText


class Settings(BaseSettings):
    """Everything the service needs to start; built when the app is created, never at import."""

    #: hide_input_in_errors: a wrong setting is named, its value (an API key, a secret) never echoed
    model_config = SettingsConfigDict(env_prefix="CALL_NLP_", extra="ignore", frozen=True, hide_input_in_errors=True)

    model_path: Path = Field(
        default=defaults.MODEL_DIR,
        description=f"Model directory (model.joblib + manifest.json; `{defaults.MODEL_DIR}` is the champion's copy) "
        "or a registry URI such as `models:/call-nlp@champion` (resolved in CALL_NLP_MLFLOW_TRACKING_URI's store). "
        "Verified against the manifest sha256 either way."
    )
    policy_path: Path = Field(default=defaults.POLICY_PATH, description="Response policy file.")
    mlflow_tracking_uri: str | None = Field(
        default=None,
        description="The MLflow store a models:/ CALL_NLP_MODEL_PATH is resolved and polled in. Unset: "
        "MLFLOW_TRACKING_URI, else training/config.yaml's mlflow.tracking_uri.",
    )
    model_poll_seconds: float = Field(
        default=defaults.MODEL_POLL_SECONDS, ge=0,
        description="How often each worker looks at its model source (the directory's signed manifest, or the "
        "registry entry of a models:/ alias); when the source names another model, the worker loads it, verified, "
        "and swaps it in without dropping requests. 0: only at the start and on POST /v1/model/reload.",
    )
    max_text_chars: int = Field(default=10_000, gt=0, description="Longest note accepted, in characters.")
    max_batch: int = Field(default=256, gt=0, description="Most notes accepted in one batch request.")
    max_batch_chars: int = Field(
        default=200_000, gt=0,
        description="Most characters of note text one batch request may hold, all its notes together (413 above "
        "it). make bench times the largest such batch of its slowest notes: 0.54-0.78 s here in eight runs (target 2 s).",
    )
    host: str = Field(default="127.0.0.1", description="Interface the server binds to (loopback by default).")
    port: int = Field(default=8000, gt=0, lt=65536, description="Port the server listens on.")
    log_text: bool = Field(default=False, description="Log note text (debugging only; notes are sensitive).")
    log_format: LogFormat = Field(
        default="text",
        description="How the service writes its log lines to stderr: `text`, or `json` (one object per line: time, "
        "level, logger, message; the server's own lines too). Never a note's text unless CALL_NLP_LOG_TEXT is on.",
    )
    access_log_triage: bool = Field(
        default=False,
        description="Also write the server's access-log line for each answered POST /v1/triage; off by default, "
        "as the service logs every triage itself (suggestion id, call id, labels, latency).",
    )
    database_url: str = Field(
        default="sqlite:///records/call_nlp.db",
        description="SQLAlchemy URL of the record store: a SQLite file (relative to the working directory) "
        "or postgresql+psycopg://… shared by several replicas.",
    )
    spool_dir: Path = Field(
        default=Path("records/spool"),
        description="Local folder where records wait (JSON lines, fsync'd) while the store is unreachable.",
    )
    record_budget_ms: float = Field(
        default=200, gt=0,
        description="The longest a suggestion waits for its record's commit; past it the record is spooled "
        "and the suggestion returned (record: spooled).",
    )
    record_writer: Literal["process", "thread"] = Field(
        default="process",
        description="What commits the records of triage requests: a process of its own (the event loop then "
        "shares the GIL with no writer thread: 20% more requests per second, measured), or a thread of the "
        "server's process. The thread also stands in while the process starts or restarts.",
    )
    readyz_fail_on_record_loss: bool = Field(
        default=False,
        description="/readyz answers 503 once a record was lost (neither stored nor spooled). Off by default: "
        "a replica taken out of service takes its weapon warnings with it.",
    )
    store_retry_seconds: float = Field(
        default=5.0, gt=0, description="How often a degraded store is probed and the spool replayed."
    )
    hmac_secret: SecretStr | None = Field(
        default=None,
        description="Key of the note-text HMAC. Unset: generated once and kept next to the SQLite file "
        "(mode 0600); required for any other database.",
    )
    api_keys: SecretStr = Field(
        default=SecretStr(""),
        description="Comma-separated `key:role` or `key:role:name` (roles: call-taker, auditor, labeler, "
        "operator). "
        "Empty: no authentication, loopback clients only.",
    )
    store_text: StoreText = Field(
        default="redacted", description="Note text kept in each record: none, redacted or full."
    )

    @field_validator("hmac_secret", "mlflow_tracking_uri", mode="before")
    @classmethod
    def _empty_secret_is_unset(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("api_keys")
    @classmethod
    def _api_keys_parse(cls, value: SecretStr) -> SecretStr:
        from call_nlp.api.security import parse_api_keys

        parse_api_keys(value.get_secret_value())  # raises with the entry's position, never the key
        return value


def load_settings() -> Settings:
    """The settings from the environment; `ConfigError` naming each wrong variable and what is
    wrong with it (an API key list's entry by its position), never its value."""
    from pydantic import ValidationError

    from call_nlp.errors import ConfigError

    try:
        return Settings()
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_input=False, include_url=False):
            name, message = f"CALL_NLP_{'.'.join(map(str, error['loc'])).upper()}", error["msg"].removeprefix("Value error, ")
            problems.append(message if message.startswith(name) else f"{name}: {message}")
        raise ConfigError("invalid settings: " + "; ".join(problems)) from None
