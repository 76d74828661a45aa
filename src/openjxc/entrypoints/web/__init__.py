"""The web UI: server-rendered pages (Jinja2 + htmx + Alpine.js, Tabler CSS) on the API's app.

``app.install`` adds the signed session cookie, the static files and the page routes to the
FastAPI app. Pages call the same services and queries as the API.
"""
