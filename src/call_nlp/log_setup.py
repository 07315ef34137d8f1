"""How the command and the service write their log lines to stderr: as text (the default) or as
one JSON object per line (``CALL_NLP_LOG_FORMAT=json``), for a log shipper to read without a parser.

Either way a line holds what the code logged: identifiers, sizes, labels and timings, never a
note's text (unless ``CALL_NLP_LOG_TEXT`` is on) nor a key. Light on purpose: the standard library only.
"""

from __future__ import annotations

import json
import logging
import logging.config
from datetime import UTC, datetime
from typing import Any, Literal

from call_nlp import defaults

LogFormat = Literal["text", "json"]
#: The server's own loggers: its errors and start/stop lines, and one line per request.
SERVER_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access")


class JsonFormatter(logging.Formatter):
    """``{"time", "level", "logger", "message"}`` (and ``"exception"`` with a traceback), one per line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def config(log_format: LogFormat, level: str = "INFO") -> dict[str, Any]:
    """A `logging.config.dictConfig` dictionary: every logger (ours, the server's) to stderr in one format."""
    formatter: dict[str, Any] = (
        {"()": f"{__name__}.JsonFormatter"} if log_format == "json"
        else {"format": defaults.LOG_FORMAT, "datefmt": defaults.LOG_DATE_FORMAT})
    return {
        "version": 1,
        "disable_existing_loggers": False,  # loggers made at import keep logging
        "formatters": {"call_nlp": formatter},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "call_nlp", "stream": "ext://sys.stderr"}},
        "root": {"handlers": ["stderr"], "level": level},
        # the server's loggers write through the root's handler, not their own
        "loggers": {name: {"handlers": [], "level": level, "propagate": True} for name in SERVER_LOGGERS},
    }


def configure(log_format: LogFormat, level: str = "INFO") -> None:
    """Every logger in ``log_format``, replacing any handler already on the root logger."""
    logging.config.dictConfig(config(log_format, level))


def basic(level: int = logging.INFO) -> None:
    """Text lines to stderr, unless the root logger has a handler already (a test's, a host's)."""
    logging.basicConfig(level=level, format=defaults.LOG_FORMAT, datefmt=defaults.LOG_DATE_FORMAT)
