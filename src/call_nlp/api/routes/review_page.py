"""The review page for people (``GET /review``): one queue item at a time, served from files in
the package (plain HTML, CSS and a little JavaScript; no build step, no CDN).

The page needs no key to load; it asks for one and keeps it in memory while it calls the API.
Its Content-Security-Policy allows scripts, styles and requests from this origin only, no
inline script, no frames and no form submissions (a form can never send the key in a URL).
"""

from __future__ import annotations

import html
from functools import cache
from importlib.resources import files

from fastapi import APIRouter
from fastapi.responses import Response

from call_nlp.labels import LABELS

router = APIRouter(tags=["review page"], include_in_schema=False)

#: Headers of every file of the page.
HEADERS = {
    "Content-Security-Policy": ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                                "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
_ASSETS = {"review.js": "text/javascript; charset=utf-8", "review.css": "text/css; charset=utf-8"}


@cache
def _file(name: str) -> str:
    return files("call_nlp").joinpath("resources", "review", name).read_text(encoding="utf-8")


@cache
def page() -> str:
    """The page, with the label choices of the override form filled in from the taxonomy."""
    text = _file("review.html")
    for placeholder, head in (("{response_models}", "response_model"), ("{crisis_types}", "crisis_type"),
                              ("{violence_risks}", "violence_risk")):
        options = "".join(f'<option value="{html.escape(v)}">{html.escape(v)}</option>' for v in LABELS[head])
        text = text.replace(placeholder, options)
    return text


@router.get("/review")
def review_page() -> Response:
    return Response(page(), media_type="text/html; charset=utf-8", headers=HEADERS)


@router.get("/review/{name}")
def review_asset(name: str) -> Response:
    if name not in _ASSETS:
        return Response("not found", status_code=404, media_type="text/plain", headers=HEADERS)
    return Response(_file(name), media_type=_ASSETS[name], headers=HEADERS)
