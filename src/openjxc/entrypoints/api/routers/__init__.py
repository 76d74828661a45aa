"""Every router of /api/v1, in the order they appear in the docs."""

from openjxc.entrypoints.api.routers import (
    audit,
    auth,
    categories,
    documents,
    organisations,
    partners,
    periods,
    product_code_rule,
    products,
    roles,
    stock,
    stock_settings,
    stocktakes,
    tokens,
    users,
    warehouses,
)

ROUTERS = [
    auth.router,
    organisations.router,
    categories.router,
    products.router,
    stock_settings.router,
    warehouses.router,
    partners.router,
    product_code_rule.router,
    documents.router,
    stocktakes.router,
    stock.router,
    periods.router,
    users.router,
    roles.router,
    tokens.router,
    audit.router,
]
