"""Every router of /api/v1, in the order they appear in the docs."""

from openjxc.entrypoints.api.routers import audit, auth, organisations, roles, tokens, users

ROUTERS = [
    auth.router,
    organisations.router,
    users.router,
    roles.router,
    tokens.router,
    audit.router,
]
