"""The API explorer, Swagger UI at ``/docs``, served offline.

Its script and style sheet come from the ``fastapi-offline`` package, never a CDN, and it
starts from ``static/api-docs.js``, so the page runs under the same Content-Security-Policy
as every other page (no inline script). There is no ``/redoc``: ReDoc's build always asks
a CDN for its logo and starts its search in a ``blob:`` worker.
"""

from __future__ import annotations

from html import escape

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

router = APIRouter(include_in_schema=False)
ASSETS_PATH = "/docs/assets"
ASSETS_NAME = "explorer-assets"
# The package's own folder of Swagger UI (and ReDoc) builds, served as they are.
ASSETS_PACKAGE = ("fastapi_offline", "static")
# Swagger UI draws into #swagger-ui and reads the spec's URL from data-spec.
PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" href="{assets}/favicon.png">
<link rel="stylesheet" href="{assets}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui" data-spec="{spec}"></div>
<script src="{assets}/swagger-ui-bundle.js"></script>
<script src="{starter}"></script>
</body>
</html>
"""


def assets() -> StaticFiles:
    """The explorer's script, style sheet and icon, from the installed package."""
    return StaticFiles(packages=[ASSETS_PACKAGE])


@router.get("/docs", response_class=HTMLResponse)
def swagger_ui(request: Request) -> HTMLResponse:
    """Swagger UI over the API's OpenAPI document: the package's script, then our starter."""
    root = request.scope.get("root_path", "")
    page = PAGE.format(
        title=escape(f"{request.app.title} API · Swagger UI"),
        assets=escape(root + ASSETS_PATH),
        spec=escape(root + (request.app.openapi_url or "/openapi.json")),
        starter=escape(str(request.url_for("static", path="api-docs.js").path)),
    )
    return HTMLResponse(page)
