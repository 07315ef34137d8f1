"""The review page in a real browser: Playwright drives Debian's Chromium against a running service.

Skipped, saying why, where Chromium or the playwright package is missing; `.ci/run` installs both.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import httpx
import pytest
from pydantic import SecretStr

from call_nlp.api.settings import Settings
from tests.api.conftest import served
from tests.api.test_suggestions import KEYS, LABELER

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
try:
    from playwright.sync_api import Browser, Dialog, Page, expect, sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None  # type: ignore[assignment]

pytestmark = pytest.mark.skipif(
    CHROMIUM is None or sync_playwright is None,
    reason="browser tests need Debian's chromium (apt install chromium) and the playwright package "
           "(pip install -e '.[test]'); .ci/run installs both",
)

CALL_TAKER = KEYS.split(":")[0]
NOTES = [  # call id, note: a note that tries to run script, a knife, ordinary calls
    ("P-1", 'RP STATES SON HAS A KNIFE, NO GUNS <img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'),
    ("P-2", "RP STATES NEIGHBOR ACTING STRANGE, TALKING TO HIMSELF"),
    ("P-3", "FIRE ALARM SOUNDING, NO SMOKE SEEN"),
]


@pytest.fixture(scope="module")
def service(api_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real service on a free loopback port, holding the three suggestions above."""
    tmp = tmp_path_factory.mktemp("browser")
    settings = api_settings.model_copy(update={
        "database_url": f"sqlite:///{tmp / 'r.db'}", "spool_dir": tmp / "spool",
        "hmac_secret": SecretStr("test-secret"), "api_keys": SecretStr(KEYS),
    })
    with served(settings) as url, httpx.Client(base_url=url, timeout=10) as client:
        for call_id, text in NOTES:
            response = client.post("/v1/triage", json={"text": text, "call_id": call_id},
                                   headers={"X-API-Key": CALL_TAKER})
            assert response.status_code == 200, response.text
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, service: str) -> Iterator[Page]:
    context = browser.new_context(base_url=service)
    page = context.new_page()
    dialogs: list[Dialog] = []
    page.on("dialog", lambda d: (dialogs.append(d), d.dismiss()))
    page.goto("/review")
    yield page
    assert dialogs == []  # nothing a note says ever opens an alert
    context.close()


def _start(page: Page) -> None:
    page.fill("#key", LABELER)
    page.click("#start")
    expect(page.locator("#position")).to_contain_text("Suggestion 1 of")


def test_the_controls_are_there_before_a_key_and_the_key_stays_in_memory(page: Page) -> None:
    for control in ("#accept", "#override", "#next", "#prev", "#override-response"):
        expect(page.locator(control)).to_be_visible()
    assert page.locator("#override-response option").all_inner_texts()[1:] == [
        "co_response", "ems_clinician", "peer_response", "standard_dispatch"]
    _start(page)
    assert page.input_value("#key") == ""
    stored = page.evaluate("() => [localStorage.length, sessionStorage.length, document.cookie, location.href]")
    assert stored[:3] == [0, 0, ""] and LABELER not in stored[3]


def test_the_note_is_text_with_its_cues_marked_by_status(page: Page) -> None:
    _start(page)
    for _ in range(len(NOTES)):  # find the knife note in the queue, whatever its place
        if "KNIFE" in page.inner_text("#note"):
            break
        page.keyboard.press("j")
        page.wait_for_timeout(200)
    note = page.locator("#note")
    expect(note).to_contain_text("<img src=x onerror=")  # shown as the caller's text, never as HTML
    assert note.locator("img, script").count() == 0
    assert page.evaluate("() => window.__pwned") is None
    expect(note.locator('mark[data-status="affirmed"]', has_text="KNIFE")).to_have_count(1)
    expect(note.locator('mark[data-status="negated"]', has_text="GUNS")).to_have_count(1)
    expect(page.locator("#cues")).to_contain_text("negated weapon: gun")
    expect(page.locator("#crisis_type caption")).to_have_text("crisis_type")
    assert page.locator("#violence_risk tbody tr").count() == 3
    expect(page.locator("#reasons li").first).to_be_visible()


def test_a_labeler_moves_with_the_keyboard_and_reviews(page: Page, service: str) -> None:
    _start(page)
    total = int(page.inner_text("#position").split(" of ")[1].split()[0])
    first = page.inner_text("#note")
    page.keyboard.press("j")
    expect(page.locator("#position")).to_contain_text(f"Suggestion 2 of {total}")
    page.keyboard.press("k")
    expect(page.locator("#note")).to_have_text(first)
    page.keyboard.press("o")  # override: choose a response, a label, a reason, then Enter
    page.select_option("#override-response", "co_response")
    page.select_option("#override-risk", "elevated")
    page.fill("#override-reason", "RP says he left with it")
    page.press("#override-reason", "Enter")
    expect(page.locator("#status")).to_have_text("recorded: overridden")
    expect(page.locator("#position")).to_contain_text(f"of {total - 1}")
    page.keyboard.press("a")
    expect(page.locator("#status")).to_have_text("recorded: accepted")
    with httpx.Client(base_url=service, headers={"X-API-Key": LABELER}) as client:
        queue = client.get("/v1/review-queue").json()["items"]
    assert len(queue) == total - 2  # both reviews reached the store, under the labeler's key


def test_a_refused_key_is_said_and_nothing_is_shown(page: Page) -> None:
    page.fill("#key", "not-a-key-00000000000000")
    page.click("#start")
    expect(page.locator("#status")).to_contain_text("the queue could not be read: unknown API key")
    expect(page.locator("#accept")).to_be_disabled()
