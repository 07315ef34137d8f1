"""Serving settings: CALL_NLP_* environment variables, defaults, and the documented env file."""

from __future__ import annotations

from pathlib import Path

import pytest

from call_nlp.api.settings import Settings

API_ENV = Path(__file__).resolve().parents[2] / "serve" / "api.env"


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in Settings.model_fields:
        monkeypatch.delenv(f"CALL_NLP_{name.upper()}", raising=False)


def test_settings_read_the_call_nlp_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALL_NLP_MAX_BATCH", "7")
    monkeypatch.setenv("CALL_NLP_MODEL_PATH", "/srv/model")
    monkeypatch.setenv("CALL_NLP_LOG_TEXT", "true")
    settings = Settings()
    assert settings.max_batch == 7 and str(settings.model_path) == "/srv/model" and settings.log_text is True
    monkeypatch.delenv("CALL_NLP_MAX_BATCH")
    monkeypatch.delenv("CALL_NLP_MODEL_PATH")
    monkeypatch.delenv("CALL_NLP_LOG_TEXT")
    defaults = Settings()
    assert (defaults.max_text_chars, defaults.max_batch, defaults.host, defaults.port, defaults.log_text) == (
        10_000, 256, "127.0.0.1", 8000, False,
    )
    assert str(defaults.model_path) == "models/current" and str(defaults.policy_path) == "serve/policy.yaml"


def test_settings_env_file_documents_the_defaults() -> None:
    documented = Settings(_env_file=API_ENV)  # type: ignore[call-arg]
    assert documented == Settings()
    names = {line.split("=")[0] for line in API_ENV.read_text().splitlines() if line.startswith("CALL_NLP_")}
    assert names == {f"CALL_NLP_{name.upper()}" for name in Settings.model_fields}


def test_settings_reject_nonsense_limits() -> None:
    with pytest.raises(ValueError, match="max_batch"):
        Settings(max_batch=0)


SECRET_KEY = "s3cr3t-key-material-0123456789"


@pytest.mark.parametrize(("keys", "says"), [
    (f"{SECRET_KEY}:admin", "entry 1: unknown role 'admin'"),
    (f"abcdefghijklmnop:auditor,{SECRET_KEY}", "entry 2: expected key:role"),
    (f"abcdefghijklmnop:auditor,{SECRET_KEY[:8]}:call-taker", "entry 2: key shorter than"),
])
def test_a_wrong_api_key_list_names_the_entry_and_never_prints_a_key(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], keys: str, says: str) -> None:
    """Issue 11, point 6: pydantic's message held the whole value (`input_value=...`)."""
    from pydantic import ValidationError

    from call_nlp.api.settings import load_settings
    from call_nlp.cli import main
    from call_nlp.errors import ConfigError

    monkeypatch.setenv("CALL_NLP_API_KEYS", keys)
    with pytest.raises(ValidationError) as raw:
        Settings()
    with pytest.raises(ConfigError) as clean:
        load_settings()
    assert says in str(clean.value)
    assert main(["serve", "--port", "9"]) == 2  # refused before anything starts, without a traceback
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err
    for shown in (str(raw.value), str(clean.value), err):
        assert SECRET_KEY not in shown and SECRET_KEY[:8] not in shown


def test_wrong_settings_are_each_named(monkeypatch: pytest.MonkeyPatch) -> None:
    from call_nlp.api.settings import load_settings
    from call_nlp.errors import ConfigError

    monkeypatch.setenv("CALL_NLP_PORT", "eighty")
    monkeypatch.setenv("CALL_NLP_MAX_BATCH_CHARS", "0")
    with pytest.raises(ConfigError) as wrong:
        load_settings()
    assert "CALL_NLP_PORT:" in str(wrong.value) and "CALL_NLP_MAX_BATCH_CHARS:" in str(wrong.value)
    assert "eighty" not in str(wrong.value)
