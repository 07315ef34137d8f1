"""API fixtures: settings pointing at the session's trained model, and a started TestClient.

Without API keys the app serves loopback clients only; TestClient's default client host is
"testclient", so every TestClient here says it comes from 127.0.0.1 (`LOOPBACK`).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient

from call_nlp.api.main import create_app
from call_nlp.api.settings import Settings

LOOPBACK = ("127.0.0.1", 50000)


@pytest.fixture(scope="session")
def api_settings(trained_model_dir: Path, policy_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    records = tmp_path_factory.mktemp("api-records")
    return Settings(
        model_path=trained_model_dir,
        policy_path=policy_path,
        database_url=f"sqlite:///{records / 'records.db'}",
        spool_dir=records / "spool",
    )


@pytest.fixture(scope="module")
def client(api_settings: Settings) -> Iterator[TestClient]:
    """An app whose lifespan has run (model loaded), shared by a module's tests."""
    with TestClient(create_app(api_settings), client=LOOPBACK) as test_client:
        yield test_client



@contextmanager
def served(settings: Settings) -> Iterator[str]:
    """A real service (uvicorn, in a thread) on a free loopback port, started; its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()
