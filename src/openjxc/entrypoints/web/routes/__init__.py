"""Every router of the web UI. A new screen: a module here and an Item in ``menu.MENU``."""

from openjxc.entrypoints.web.routes import (
    access,
    approvals,
    auth,
    catalog,
    documents,
    finance,
    home,
    lookup,
    payments,
    periods,
    products,
    stock,
    stocktakes,
    trading,
    transit,
)

ROUTERS = [
    auth.router,
    home.router,
    products.router,
    *catalog.ROUTERS,
    *access.ROUTERS,
    stock.router,
    periods.router,
    lookup.router,
    documents.router,
    stocktakes.router,
    trading.router,
    transit.router,
    approvals.router,
    payments.router,
    finance.router,
]
