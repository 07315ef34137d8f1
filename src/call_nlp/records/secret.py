"""The key of the note-text HMAC: from settings, or generated once next to the SQLite file."""

from __future__ import annotations

import logging
import os
import secrets
import stat
from pathlib import Path

from sqlalchemy.engine import make_url

log = logging.getLogger("call_nlp.records")

KEY_FILE = "hmac.key"


class SecretError(RuntimeError):
    """No usable HMAC key."""


def sqlite_path(database_url: str) -> Path | None:
    """The file of a SQLite URL; None for other databases or an in-memory SQLite."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def hmac_key(secret: str | None, database_url: str) -> bytes:
    """``secret`` when set; otherwise the key kept beside the SQLite file (created with mode 0600)."""
    if secret:
        return secret.encode("utf-8")
    db_file = sqlite_path(database_url)
    if db_file is None:
        # replicas sharing a server database must hash with one key: it cannot be made up here
        raise SecretError("CALL_NLP_HMAC_SECRET must be set when CALL_NLP_DATABASE_URL is not a SQLite file")
    path = db_file.parent / KEY_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_key(path)
    with os.fdopen(fd, "w") as fh:
        fh.write(secrets.token_hex(32))
        fh.flush()
        os.fsync(fh.fileno())
    log.warning("CALL_NLP_HMAC_SECRET is not set: generated a new HMAC key in %s (mode 0600); back it up", path)
    return _read_key(path)


def _read_key(path: Path) -> bytes:
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        log.warning("HMAC key file %s is readable by other users; chmod 600 it", path)
    key = path.read_text().strip()
    if not key:
        raise SecretError(f"HMAC key file {path} is empty")
    return key.encode("utf-8")
