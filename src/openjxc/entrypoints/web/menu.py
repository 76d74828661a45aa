"""The left menu: 采购/销售/仓库/财务/报表/资料/设置, filtered by what the user may do.

Adding a screen is one ``Item`` here plus its routes module. A section without any screen
yet is shown disabled; a section whose screens the user may not open is not shown at all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.access.permissions import Permission as P
from openjxc.entrypoints.web.i18n import N_


@dataclass(frozen=True)
class Item:
    label: str
    url: str
    permission: Permission
    #: another permission that opens the screen as well
    or_permission: Permission | None = None

    def allows(self, actor: Actor) -> bool:
        return actor.can(self.permission) or (
            self.or_permission is not None and actor.can(self.or_permission)
        )


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    items: tuple[Item, ...] = ()


MENU: tuple[Section, ...] = (
    Section(
        "purchase",
        N_("Purchasing"),
        (
            Item(N_("Purchase orders"), "/trade/purchase?type=purchase_order", P.PURCHASE_WRITE),
            Item(
                N_("Purchase receipts"),
                "/trade/purchase?type=purchase_receipt",
                P.PURCHASE_WRITE,
                P.PURCHASE_RECEIVE,
            ),
            Item(N_("Purchase returns"), "/trade/purchase?type=purchase_return", P.PURCHASE_WRITE),
            Item(N_("All purchasing documents"), "/trade/purchase", P.PURCHASE_WRITE),
            Item(N_("Approval center"), "/approvals", P.PURCHASE_APPROVE),
        ),
    ),
    Section(
        "sales",
        N_("Sales"),
        (
            Item(N_("Sales orders"), "/trade/sales?type=sales_order", P.SALES_WRITE),
            Item(
                N_("Sales deliveries"),
                "/trade/sales?type=sales_delivery",
                P.SALES_WRITE,
                P.SALES_PICK,
            ),
            Item(N_("Sales returns"), "/trade/sales?type=sales_return", P.SALES_WRITE),
            Item(N_("All sales documents"), "/trade/sales", P.SALES_WRITE),
            Item(N_("Approval center"), "/approvals", P.SALES_APPROVE),
        ),
    ),
    Section(
        "retail",
        N_("Retail"),
        (
            Item(N_("Retail exceptions"), "/retail/exceptions", P.RETAIL_MANAGE),
            Item(N_("POS terminals"), "/retail/terminals", P.USER_MANAGE),
        ),
    ),
    Section(
        "stock",
        N_("Warehouse"),
        (
            Item(N_("Stock documents"), "/documents", Permission.STOCK_READ),
            Item(N_("Stock balances"), "/stock/balances", Permission.STOCK_READ),
            Item(N_("Stock ledger"), "/stock/moves", Permission.STOCK_READ),
            Item(N_("Batches and holds"), "/stock/batches", Permission.STOCK_READ),
            Item(N_("Open loans"), "/stock/loans", Permission.STOCK_READ),
            Item(N_("Transfers in transit"), "/stock/in-transit", Permission.STOCK_READ),
            Item(N_("Mobile scanning"), "/mobile", Permission.STOCK_READ),
            Item(N_("Approval center"), "/approvals", P.STOCK_DOCUMENT_APPROVE),
        ),
    ),
    Section(
        "finance",
        N_("Finance"),
        (
            Item(N_("Customer receipts"), "/payments?type=customer_receipt", P.LEDGER_READ),
            Item(N_("Supplier payments"), "/payments?type=supplier_payment", P.LEDGER_READ),
            Item(N_("Partner statement"), "/finance/statement", P.LEDGER_READ),
            Item(N_("Aging"), "/finance/aging", P.LEDGER_READ),
        ),
    ),
    Section(
        "reports",
        N_("Reports"),
        (Item(N_("All reports"), "/reports", Permission.REPORT_READ),),
    ),
    Section(
        "master",
        N_("Master data"),
        (
            Item(N_("Products"), "/products", Permission.CATALOG_READ),
            Item(N_("Categories"), "/categories", Permission.CATALOG_READ),
            Item(N_("Warehouses"), "/warehouses", Permission.WAREHOUSE_READ),
            Item(N_("Partners"), "/partners", Permission.PARTNER_READ),
            Item(N_("Organisations"), "/organisations", Permission.ORGANISATION_READ),
            Item(N_("Import history"), "/imports", P.CATALOG_WRITE, P.WAREHOUSE_WRITE),
        ),
    ),
    Section(
        "settings",
        N_("Settings"),
        (
            Item(N_("Company profile"), "/settings/company", Permission.ORGANISATION_READ),
            Item(N_("Print settings"), "/settings/printing", Permission.ORGANISATION_READ),
            Item(N_("Document numbering"), "/settings/numbering", Permission.CATALOG_READ),
            Item(N_("Switches"), "/settings/switches", Permission.SYSTEM_ADMIN),
            Item(N_("Approval rules"), "/settings/approval-rules", Permission.SYSTEM_ADMIN),
            Item(N_("Job runs"), "/jobs", Permission.SYSTEM_ADMIN),
            Item(N_("Periods"), "/periods", Permission.STOCK_READ),
            Item(N_("Users"), "/users", Permission.USER_MANAGE),
            Item(N_("Roles"), "/roles", Permission.USER_MANAGE),
        ),
    ),
)


@dataclass(frozen=True)
class VisibleSection:
    key: str
    label: str
    items: tuple[Item, ...]

    @property
    def disabled(self) -> bool:
        return not self.items


def menu_for(actor: Actor) -> list[VisibleSection]:
    """The sections and items ``actor`` may open; empty sections stay, disabled."""
    visible = []
    shown: set[str] = set()  # 审批中心 sits in several sections: the first one shows it
    for section in MENU:
        items = tuple(i for i in section.items if i.allows(actor) and i.url not in shown)
        shown.update(i.url for i in items)
        if section.items and not items:
            continue
        visible.append(VisibleSection(section.key, section.label, items))
    return visible


def active_url(
    sections: Sequence[VisibleSection], path: str, query: Mapping[str, str], page: str | None
) -> str | None:
    """The url of the item a page belongs to, to highlight: the item a page names for itself
    (a document's own list: ``page``), else the request's; the item whose path contains it
    and whose query it matches most closely (采购订单 before 全部采购单据)."""
    if page:
        parts = urlsplit(page)
        path, query = parts.path, dict(parse_qsl(parts.query))
    best, best_score = None, (-1, -1)
    for item in (i for s in sections for i in s.items):
        parts = urlsplit(item.url)
        wanted = dict(parse_qsl(parts.query))
        inside = path == parts.path or path.startswith(parts.path.rstrip("/") + "/")
        if not inside or any(query.get(k) != v for k, v in wanted.items()):
            continue
        score = (len(parts.path), len(wanted))
        if score > best_score:
            best, best_score = item.url, score
    return best
