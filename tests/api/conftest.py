"""API fixtures: settings pointing at the session's trained model, and a started TestClient.

Without API keys the app serves loopback clients only; TestClient's default client host is
"testclient", so every TestClient here says it comes from 127.0.0.1 (`LOOPBACK`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
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

