"""The API docs: ``GET /docs`` (Swagger UI from the ``swagger-ui-bundle-v2`` package, served
locally, or a plain self-hosted page without it) beside FastAPI's ``/openapi.json``.  Nothing
loads from a CDN; the page's one inline script is allowed by hash in its CSP."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from storybrief.web.security import csp_for_html


def swagger_dir() -> Path | None:
    try:
        import swagger_ui_bundle  # swagger-ui-bundle-v2 (Swagger UI 5, OpenAPI 3.1)
    except ImportError:
        return None
    path = Path(swagger_ui_bundle.swagger_ui_path)
    return path if (path / "swagger-ui-bundle.js").is_file() else None


def plain_docs(spec: dict[str, Any]) -> str:
    """A self-hosted API reference page for when no Swagger UI bundle is installed."""
    rows = []
    for path, ops in spec.get("paths", {}).items():
        for method, op in ops.items():
            rows.append(
                f"<tr><td><code>{html.escape(method.upper())}</code></td>"
                f"<td><code>{html.escape(path)}</code></td>"
                f"<td>{html.escape(op.get('summary', ''))}</td></tr>"
            )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<title>storybrief API</title><style>body{font:16px/1.5 system-ui,sans-serif;"
        "margin:2rem auto;max-width:60rem;padding:0 1rem}td{padding:.25rem .75rem;"
        "border-bottom:1px solid #ddd}</style></head><body><h1>storybrief API</h1>"
        "<p>The full OpenAPI description is at <a href='/openapi.json'>/openapi.json</a>. "
        "Install <code>swagger-ui-bundle-v2</code> for interactive docs.</p>"
        f"<table>{''.join(rows)}</table></body></html>"
    )


def add_docs(app: FastAPI, swagger: Path | None) -> None:
    """Add ``/docs`` to ``app``: Swagger UI from the folder ``swagger`` (see
    :func:`swagger_dir`), or the plain page when it is ``None``."""
    if swagger is not None:
        app.mount("/docs/assets", StaticFiles(directory=swagger), name="swagger")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        if swagger is None:
            page = plain_docs(app.openapi())
            return HTMLResponse(page, headers={"Content-Security-Policy": csp_for_html(page)})
        from fastapi.openapi.docs import get_swagger_ui_html

        ui = get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="storybrief API",
            swagger_js_url="/docs/assets/swagger-ui-bundle.js",
            swagger_css_url="/docs/assets/swagger-ui.css",
            swagger_favicon_url="/docs/assets/favicon-32x32.png",
            swagger_ui_parameters={"validatorUrl": None},  # no badge from validator.swagger.io
        )
        ui.headers["Content-Security-Policy"] = csp_for_html(bytes(ui.body).decode())
        return ui
