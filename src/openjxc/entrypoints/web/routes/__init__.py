"""Every router of the web UI. A new screen: a module here and an Item in ``menu.MENU``."""

from openjxc.entrypoints.web.routes import access, auth, catalog, home, products

ROUTERS = [
    auth.router,
    home.router,
    products.router,
    *catalog.ROUTERS,
    *access.ROUTERS,
]
