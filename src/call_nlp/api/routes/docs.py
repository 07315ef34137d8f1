"""The API's documentation page, ``/docs`` (Swagger UI), from files installed with the service.

FastAPI's own pages load their scripts, styles and fonts from a CDN, and a 911 center's network
is often cut off from the internet: there they are blank. This page loads everything from this
service: the Swagger UI bundle that the ``fastapi-offline`` package ships (we serve its files; its
app factory is not used), under ``/docs/assets/``. There is no ``/redoc``: ReDoc's bundle loads its
logo from Redocly's CDN, which a browser test caught; one offline page is enough.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, Response

router = APIRouter(tags=["documentation"], include_in_schema=False)

ASSETS_PATH = "/docs/assets"
#: The bundled files, by name, with their media type.
ASSETS = {
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
    "favicon.png": "image/png",
}
#: No call to an outside validator (Swagger UI's default sends the spec's URL to validator.swagger.io).
SWAGGER_PARAMETERS = {"validatorUrl": None}


@cache
def _asset(name: str) -> bytes:
    return files("fastapi_offline").joinpath("static", name).read_bytes()


def _urls(request: Request) -> tuple[str, str]:
    """(the OpenAPI document's URL, the assets' folder), behind a proxy's root path too."""
    root = request.scope.get("root_path", "").rstrip("/")
    return f"{root}{request.app.openapi_url}", f"{root}{ASSETS_PATH}"


@router.get("/docs")
def swagger_ui(request: Request) -> HTMLResponse:
    openapi, assets = _urls(request)
    return get_swagger_ui_html(
        openapi_url=openapi, title=f"{request.app.title} - Swagger UI", swagger_js_url=f"{assets}/swagger-ui-bundle.js",
        swagger_css_url=f"{assets}/swagger-ui.css", swagger_favicon_url=f"{assets}/favicon.png",
        swagger_ui_parameters=SWAGGER_PARAMETERS,
    )


@router.get(ASSETS_PATH + "/{name}")
def asset(name: str) -> Response:
    if name not in ASSETS:
        return Response("not found", status_code=404, media_type="text/plain")
    return Response(_asset(name), media_type=ASSETS[name],
                    headers={"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"})
