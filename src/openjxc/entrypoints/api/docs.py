"""The API's /docs page: Swagger UI from the vendored copy, started by a static script.

FastAPI's own page loads Swagger UI from a CDN and starts it with an inline script, which
the Content Security Policy forbids; this page needs nothing but this server.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

SWAGGER = "/static/vendor/swagger-ui"

PAGE = f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>OpenJXC API</title>
  <link rel="stylesheet" href="{SWAGGER}/swagger-ui.css">
  <script src="{SWAGGER}/swagger-ui-bundle.js" defer></script>
  <script src="/static/docs.js" defer></script>
</head>
<body>
<div id="swagger-ui" data-openapi="/openapi.json"></div>
</body>
</html>
"""


def install(app: FastAPI) -> None:
    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        """Swagger UI for /openapi.json, served from this server alone."""
        return HTMLResponse(PAGE)
