"""The API documentation works offline: /docs renders in a real browser that may reach
nothing but the service (every other request is refused and listed), as on a 911 network cut off
from the internet. Skipped, saying why, where Chromium or playwright is missing (as the review page's)."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from tests.api.test_review_page import CHROMIUM, browser, service, sync_playwright  # noqa: F401 - fixtures

try:
    from playwright.sync_api import Browser, Page, Route, expect
except ImportError:  # pragma: no cover - depends on the machine
    pass

browser_only = pytest.mark.skipif(
    CHROMIUM is None or sync_playwright is None,
    reason="browser tests need Debian's chromium (apt install chromium) and the playwright package "
           "(pip install -e '.[test]'); .ci/run installs both",
)


@pytest.fixture
def offline_page(browser: Browser, service: str) -> Iterator[tuple[Page, list[str]]]:  # noqa: F811
    """A page that reaches only the service; (the page, the URLs it tried to reach elsewhere)."""
    origin = urlsplit(service).netloc
    outside: list[str] = []

    def only_the_service(route: Route) -> None:
        if urlsplit(route.request.url).netloc == origin:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context = browser.new_context(base_url=service)
    context.route("**/*", only_the_service)
    page = context.new_page()
    yield page, outside
    context.close()


@browser_only
def test_swagger_ui_renders_every_endpoint_offline(offline_page: tuple[Page, list[str]]) -> None:
    page, outside = offline_page
    page.goto("/docs")
    expect(page.locator(".opblock-summary-path").filter(has_text="/v1/triage").first).to_be_visible(timeout=30_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert {"/v1/triage", "/v1/triage/batch", "/v1/model/reload", "/readyz"} <= {p.strip() for p in paths}
    page.locator(".opblock-summary-path", has_text="/v1/model/reload").click()  # an operation opens, with its text
    expect(page.get_by_text("Swap in the model the source names now").first).to_be_visible()
    assert outside == []


def test_docs_pages_name_no_outside_address(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200 and "http://" not in page.text and "https://" not in page.text
    assert client.get("/redoc").status_code == 404  # its bundle loads a logo from a CDN: not served
    for name, kind in (("swagger-ui-bundle.js", "text/javascript"), ("swagger-ui.css", "text/css"),
                       ("favicon.png", "image/png")):
        asset = client.get(f"/docs/assets/{name}")
        assert asset.status_code == 200 and asset.headers["content-type"].startswith(kind) and len(asset.content) > 1000
    assert client.get("/docs/assets/..%2Fcore.py").status_code == 404
    assert client.get("/docs/assets/anything.js").status_code == 404
