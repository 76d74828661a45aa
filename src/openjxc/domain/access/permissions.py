"""Named permissions and the built-in roles that grant them.

A permission names one action on one kind of thing: ``product.write``. Services check them;
routes and screens only hide what a user could not do anyway.
"""

from __future__ import annotations

from enum import StrEnum


class Permission(StrEnum):
    CATALOG_READ = "catalog.read"  # products, categories, units, barcodes
    CATALOG_WRITE = "catalog.write"
    PRICE_READ = "price.read"  # purchase prices and costs are not for every eye
    WAREHOUSE_READ = "warehouse.read"
    WAREHOUSE_WRITE = "warehouse.write"
    PARTNER_READ = "partner.read"
    CUSTOMER_WRITE = "customer.write"
    SUPPLIER_WRITE = "supplier.write"
    ORGANISATION_READ = "organisation.read"
    ORGANISATION_WRITE = "organisation.write"
    STOCK_SETTING_WRITE = "stock_setting.write"
    USER_MANAGE = "user.manage"
    AUDIT_READ = "audit.read"
    TOKEN_CREATE = "token.create"
    STOCK_READ = "stock.read"  # balances, the ledger, stock documents
    STOCK_DOCUMENT_WRITE = "stock_document.write"  # create, edit, submit, void
    STOCK_DOCUMENT_APPROVE = "stock_document.approve"  # approve (post), reject, 反审核
    STOCK_HOLD = "stock.hold"  # hold / release batches
    PERIOD_CLOSE = "period.close"  # 结账 and reopening
    REPORT_READ = "report.read"  # reports, analyses and the dashboard (costs still need price.read)
    SYSTEM_ADMIN = "system.admin"  # doctor, settings, migrations
    # trading (issue #4)
    PURCHASE_WRITE = "purchase.write"  # purchase orders, receipts, returns: create, edit, submit
    PURCHASE_APPROVE = "purchase.approve"  # approve (post), reject, 反审核, close
    # record purchase receipts against purchase order lines: quantities and batches, never
    # prices (the order's terms apply), for a keeper who may not see them
    PURCHASE_RECEIVE = "purchase.receive"
    SALES_WRITE = "sales.write"
    # pick sales deliveries against sales order lines: quantities and batches, never prices,
    # for a keeper who may not set them (the mirror of purchase.receive)
    SALES_PICK = "sales.pick"
    SALES_APPROVE = "sales.approve"
    CREDIT_OVERRIDE = "sales.credit_override"  # approve beyond a customer's credit limit
    BELOW_MIN_PRICE = "sales.below_min_price"  # sell below a product's minimum price
    PAYMENT_WRITE = "payment.write"  # 收款/付款 drafts, opening AR/AP
    PAYMENT_APPROVE = "payment.approve"  # approve, 反审核, settle (核销) and undo it
    LEDGER_READ = "partner_ledger.read"  # AR/AP, statements, aging
    # retail (issue #19)
    RETAIL_SYNC = "retail.sync"  # a terminal (POS) posts its store's sales and refunds
    RETAIL_MANAGE = "retail.manage"  # the 异常单 queue of a store: see and re-post


_READ = {
    Permission.CATALOG_READ,
    Permission.WAREHOUSE_READ,
    Permission.PARTNER_READ,
    Permission.ORGANISATION_READ,
    Permission.TOKEN_CREATE,
    Permission.STOCK_READ,
    Permission.REPORT_READ,
}
_STOCK_WORK = {Permission.STOCK_DOCUMENT_WRITE, Permission.STOCK_HOLD}

#: built-in roles: code -> (Chinese name, English name, permissions)
BUILTIN_ROLES: dict[str, tuple[str, str, frozenset[Permission]]] = {
    "admin": ("系统管理员", "Administrator", frozenset(Permission)),
    "purchasing": (
        "采购员",
        "Purchasing",
        frozenset(
            _READ | {Permission.PRICE_READ, Permission.SUPPLIER_WRITE, Permission.PURCHASE_WRITE}
        ),
    ),
    "sales": (
        "销售员",
        "Sales",
        frozenset(_READ | {Permission.CUSTOMER_WRITE, Permission.SALES_WRITE}),
    ),
    "warehouse": (
        "仓管员",
        "Warehouse keeper",
        frozenset(
            _READ
            | _STOCK_WORK
            | {Permission.STOCK_SETTING_WRITE, Permission.PURCHASE_RECEIVE, Permission.SALES_PICK}
        ),
    ),
    "finance": (
        "财务",
        "Finance",
        frozenset(
            _READ
            | {
                Permission.PRICE_READ,
                Permission.AUDIT_READ,
                Permission.PERIOD_CLOSE,
                Permission.PAYMENT_WRITE,
                Permission.PAYMENT_APPROVE,
                Permission.LEDGER_READ,
            }
        ),
    ),
    "store_manager": (
        "店长",
        "Store manager",
        frozenset(
            _READ
            | {
                Permission.PRICE_READ,
                Permission.CUSTOMER_WRITE,
                Permission.STOCK_SETTING_WRITE,
                Permission.STOCK_DOCUMENT_APPROVE,
                Permission.PURCHASE_APPROVE,
                Permission.SALES_APPROVE,
                Permission.CREDIT_OVERRIDE,
                Permission.BELOW_MIN_PRICE,
                Permission.LEDGER_READ,
                Permission.RETAIL_MANAGE,
            }
            | _STOCK_WORK
        ),
    ),
    # the user each registered terminal signs in as (services/retail/terminals): it reads
    # the catalog and syncs its store's transactions, nothing else
    "pos_terminal": (
        "收银终端",
        "POS terminal",
        frozenset({Permission.CATALOG_READ, Permission.RETAIL_SYNC}),
    ),
    "viewer": ("只读", "Read-only", frozenset(_READ)),
}
