"""What a record keeps of the note: a keyed hash, and no text, redacted text or the text."""

from __future__ import annotations

import hashlib
import logging
import stat
from pathlib import Path

import pytest

from call_nlp.records.record import build_record, text_hmac
from call_nlp.records.secret import KEY_FILE, SecretError, hmac_key

NOTE = "RP JOHN SMITH STATES SON HAS A KNIFE, CB 555-010-0100"


def test_record_hmac_depends_on_the_secret_and_is_not_a_plain_hash() -> None:
    one, other = text_hmac(b"secret-one", NOTE), text_hmac(b"secret-two", NOTE)
    assert one != other and len(one) == 64
    assert one != hashlib.sha256(NOTE.encode()).hexdigest()
    assert one == text_hmac(b"secret-one", NOTE)


@pytest.mark.parametrize(
    ("mode", "expected"),
    [("none", None), ("full", NOTE), ("redacted", "RP [NAME] STATES SON HAS A KNIFE, CB [PHONE]")],
)
def test_record_store_text_setting(triager, mode: str, expected: str | None) -> None:  # noqa: ANN001
    record = build_record(triager.triage(NOTE), NOTE, "C-9", key=b"k", store_text=mode)  # type: ignore[arg-type]
    assert record.text == expected and record.text_stored == mode
    assert record.text_chars == len(NOTE) and record.text_hmac == text_hmac(b"k", NOTE)
    assert all("text" not in cue for cue in record.cues)  # matched words are not copied into cues
    assert record.violence_risk == "imminent" and record.model_sha256 == triager.info.sha256
    assert record.lexicon_digest == triager.info.lexicon_digest and record.policy_digest == triager.info.policy_digest


def test_record_secret_is_generated_once_with_mode_0600(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    url = f"sqlite:///{tmp_path / 'records' / 'call_nlp.db'}"
    with caplog.at_level(logging.WARNING, logger="call_nlp"):
        key = hmac_key(None, url)
    path = tmp_path / "records" / KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "generated a new HMAC key" in caplog.text and key.decode() not in caplog.text
    assert hmac_key(None, url) == key  # kept, not regenerated
    assert hmac_key("configured", url) == b"configured"


def test_record_secret_is_required_for_a_server_database() -> None:
    with pytest.raises(SecretError, match="CALL_NLP_HMAC_SECRET"):
        hmac_key(None, "postgresql+psycopg://postgres@127.0.0.1:5432/test")
