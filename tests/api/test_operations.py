"""What an agency's operations team expects: `call-nlp --version`, JSON log lines (still with no
note text), and /metrics with requests, their latency, and suggestions by response model and
needs_review."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import call_nlp
from call_nlp.api.main import create_app
from call_nlp.api.settings import Settings
from call_nlp.cli import main
from tests.api.conftest import LOOPBACK
from tests.api.test_model_reload import _free_port, _status, _wait_for

NOTES = ["RP STATES SON HEARING VOICES, OFF MEDS. NEG WEAPONS", "CALLER SAYS HE HAS A KNIFE AND WANTS TO DIE",
         "FIRE ALARM SOUNDING, NO SMOKE", "MALE ASLEEP AT BUS STOP, POSS INTOX", "CHEST PAIN 65 YOM"]


def _sample(text: str, name: str, **labels: str) -> float:
    """The value of the sample ``name`` with exactly these labels (in any order), 0 when absent."""
    for line in text.splitlines():
        found = re.fullmatch(r"([a-z_]+)(?:\{(.*)\})? (\S+)", line)
        if found and found.group(1) == name and dict(re.findall(r'(\w+)="([^"]*)"', found.group(2) or "")) == labels:
            return float(found.group(3))
    return 0.0


def test_version_is_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0 and capsys.readouterr().out.strip() == f"call-nlp {call_nlp.__version__}"


def test_metrics_count_requests_their_latency_and_suggestions(api_settings: Settings, tmp_path: Path) -> None:
    settings = api_settings.model_copy(update={"database_url": f"sqlite:///{tmp_path / 'r.db'}",
                                               "spool_dir": tmp_path / "spool", "model_poll_seconds": 0})
    with TestClient(create_app(settings), client=LOOPBACK) as client:
        answers = [client.post("/v1/triage", json={"text": text}).json() for text in NOTES[:3]]
        answers += client.post("/v1/triage/batch", json={"notes": [{"text": t} for t in NOTES[3:]]}).json()["results"]
        assert client.get(f"/v1/suggestions/{answers[0]['suggestion_id']}").status_code == 200
        assert client.get("/no/such/path").status_code == 404
        assert client.post("/v1/triage", json={"text": ""}).status_code == 422
        text = client.get("/metrics").text

    def requests(route: str, status: str, method: str = "POST") -> float:
        return _sample(text, "call_nlp_request_duration_seconds_count", method=method, route=route, status=status)

    assert requests("/v1/triage", "200") == 3 and requests("/v1/triage/batch", "200") == 1
    assert requests("/v1/triage", "422") == 1
    assert requests("/v1/suggestions/{suggestion_id}", "200", "GET") == 1  # the template, never an id
    assert requests("unmatched", "404", "GET") == 1
    assert _sample(text, "call_nlp_request_duration_seconds_bucket", le="+Inf", method="POST", route="/v1/triage",
                   status="200") == 3
    assert answers[0]["suggestion_id"] not in text and not any(note[:20] in text for note in NOTES)
    made = Counter((a["response_model"], str(a["needs_review"]).lower()) for a in answers)
    for (response_model, needs_review), count in made.items():
        assert _sample(text, "call_nlp_suggestions_total", response_model=response_model,
                       needs_review=needs_review) == count
    assert sum(float(v) for v in re.findall(r"^call_nlp_suggestions_total\{.*\} (\S+)$", text, re.M)) == len(NOTES)
    assert _sample(text, "call_nlp_model_newer_available") == 0 and _sample(text, "call_nlp_model_loaded") == 1


def test_json_logs_are_one_object_per_line_without_note_text(trained_model_dir: Path, policy_path: Path,
                                                            tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "CALL_NLP_MODEL_PATH": str(trained_model_dir), "CALL_NLP_POLICY_PATH": str(policy_path),
           "CALL_NLP_DATABASE_URL": f"sqlite:///{tmp_path / 'r.db'}", "CALL_NLP_SPOOL_DIR": str(tmp_path / "spool"),
           "CALL_NLP_LOG_FORMAT": "json", "CALL_NLP_RECORD_WRITER": "thread"}
    errors = tmp_path / "server.err"
    with errors.open("wb") as err:
        server = subprocess.Popen([sys.executable, "-m", "call_nlp.cli", "serve", "--port", str(port)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=err)
    try:
        _wait_for(lambda: _status(f"http://127.0.0.1:{port}/readyz") == 200 or server.poll() is not None, "the start")
        import httpx

        answer = httpx.post(f"http://127.0.0.1:{port}/v1/triage", json={"text": NOTES[1], "call_id": "J-1"}).json()
        assert httpx.get(f"http://127.0.0.1:{port}/nowhere").status_code == 404  # an access-log line
    finally:
        server.terminate()
        server.wait(timeout=30)
    lines = [json.loads(line) for line in errors.read_text().splitlines()]  # every line is JSON
    assert all(set(line) >= {"time", "level", "logger", "message"} for line in lines)
    loggers = {line["logger"] for line in lines}
    assert {"call_nlp.api", "uvicorn.error", "uvicorn.access"} <= loggers
    triage = [line for line in lines if answer["suggestion_id"] in line["message"]]
    assert len(triage) == 1 and "response_model=" in triage[0]["message"]
    assert not any("KNIFE" in line["message"] for line in lines)
