"""The columns a printed document can show, per document type, and the rule for choosing them.

Users pick the columns of each document type (DOMAIN.md: "users want to pick the columns"):
the company's choice per type is a setting (设置 → 打印设置, ``PUT /company/print-columns``);
a print view may ask for other columns for one printout. Headings are English and marked
for the web's translation catalog (``scripts/web-translations`` extracts this file).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from openjxc.domain.shared.errors import ValidationError


def N_(message: str) -> str:
    """Mark a heading for translation; the web translates it where it is shown."""
    return message


@dataclass(frozen=True)
class PrintColumn:
    key: str
    label: str
    kind: str = "text"  # text, qty, price, entered (a price as entered), money, rate
    default: bool = True


_NO = PrintColumn("line_no", N_("No."))
_PRODUCT = PrintColumn("product", N_("Product code"))
_NAME = PrintColumn("product_name", N_("Product name"))
_UNIT = PrintColumn("unit", N_("Unit"))
_QTY = PrintColumn("qty", N_("Quantity"), "qty")
_BATCH = PrintColumn("batch", N_("Batch"))
_EXPIRY = PrintColumn("expiry", N_("Expiry"), default=False)
_REMARKS = PrintColumn("remarks", N_("Remarks"))

_TRADE = (
    _NO,
    _PRODUCT,
    _NAME,
    _UNIT,
    _QTY,
    PrintColumn("price", N_("Unit price (excl. tax)"), "price", default=False),
    # 含税单价 as entered and quantity × it: the two a customer checks against each other
    PrintColumn("price_incl_tax", N_("Price incl. tax"), "entered"),
    PrintColumn("gross_amount", N_("Amount before discounts"), "money"),
    PrintColumn("line_discount", N_("Line discount"), "money"),
    PrintColumn("net_amount", N_("Amount"), "money", default=False),
    PrintColumn("tax_rate", N_("Tax rate"), "rate"),
    PrintColumn("tax", N_("Tax"), "money"),
    PrintColumn("line_total", N_("Amount incl. tax"), "money"),
    PrintColumn("batch", N_("Batch"), default=False),
    _EXPIRY,
    _REMARKS,
)
_STOCK = (
    _NO,
    _PRODUCT,
    _NAME,
    _UNIT,
    _QTY,
    PrintColumn("unit_cost", N_("Unit cost"), "price"),
    PrintColumn("amount", N_("Amount"), "money"),
    _BATCH,
    _EXPIRY,
    _REMARKS,
)
#: a two-step transfer received short: sent (the quantity), what arrived, the difference, why
_RECEIPT = (
    PrintColumn("received_qty", N_("Received qty"), "qty", default=False),
    PrintColumn("short_qty", N_("Quantity short"), "qty", default=False),
    PrintColumn("short_reason", N_("Reason for the difference"), default=False),
)
_TRANSFER = (
    _NO,
    _PRODUCT,
    _NAME,
    _UNIT,
    _QTY,
    *_RECEIPT,
    _BATCH,
    _EXPIRY,
    PrintColumn("unit_cost", N_("Unit cost"), "price", default=False),
    PrintColumn("amount", N_("Amount"), "money", default=False),
    _REMARKS,
)
_STOCKTAKE = (
    _NO,
    _PRODUCT,
    _NAME,
    _UNIT,
    _BATCH,
    PrintColumn("expected_qty", N_("Book quantity"), "qty"),
    PrintColumn("counted_qty", N_("Counted quantity"), "qty"),
    PrintColumn("variance_qty", N_("Variance"), "qty"),
    PrintColumn("variance_value", N_("Variance value"), "money", default=False),
    PrintColumn("reason", N_("Reason"), default=False),
)

TRADE_TYPES = (
    "sales_delivery",
    "sales_return",
    "sales_order",
    "purchase_receipt",
    "purchase_return",
    "purchase_order",
)

#: every type with a printed form
#: a counter sale prints like a sale: its prices, tax and amounts
RETAIL_TYPES = ("retail_sale", "retail_return")
PRINTABLE_TYPES = (
    *TRADE_TYPES,
    *RETAIL_TYPES,
    "other_receipt",
    "opening_stock",
    "overage",
    "other_issue",
    "write_off",
    "transfer",
    "stocktake",
)


def columns_of(doc_type: str) -> tuple[PrintColumn, ...]:
    """Every column a document of ``doc_type`` can print."""
    if doc_type in TRADE_TYPES or doc_type in RETAIL_TYPES:
        return _TRADE
    if doc_type == "transfer":
        return _TRANSFER
    if doc_type == "stocktake":
        return _STOCKTAKE
    return _STOCK


#: sale prices, which anyone who sells may see; every other money column is a cost
SALES_TYPES = frozenset({"sales_delivery", "sales_return", "sales_order", *RETAIL_TYPES})


def visible_columns(
    doc_type: str, columns: Sequence[PrintColumn], sees_costs: bool
) -> list[PrintColumn]:
    """``columns`` without the prices and amounts a viewer without price.read may not see:
    costs on stock documents and stocktakes, prices on purchases. The columns are dropped, not
    printed blank."""
    if sees_costs or doc_type in SALES_TYPES:
        return list(columns)
    return [c for c in columns if c.kind not in ("price", "entered", "money")]


def chosen_columns(doc_type: str, wanted: str | None) -> list[PrintColumn]:
    """The columns asked for (comma list of keys), or the type's defaults; order is fixed."""
    available = columns_of(doc_type)
    keys = {k.strip() for k in (wanted or "").split(",") if k.strip()}
    chosen = [c for c in available if c.key in keys]
    return chosen or [c for c in available if c.default]


def with_receipt(doc_type: str, columns: Sequence[PrintColumn], short: bool) -> list[PrintColumn]:
    """A transfer that arrived short prints what arrived and why, whichever columns were
    chosen: the difference is what its paper is signed for."""
    if not short:
        return list(columns)
    keys = {c.key for c in columns} | {c.key for c in _RECEIPT}
    return [c for c in columns_of(doc_type) if c.key in keys]


def setting_columns(doc_type: str, keys: Sequence[str]) -> list[str]:
    """Checked keys for the company's 打印设置 of ``doc_type``, in print order; an empty list
    when they are its defaults (nothing stored)."""
    available = columns_of(doc_type)
    known = {c.key for c in available}
    unknown = next((k for k in keys if k not in known), None)
    if unknown is not None:
        raise ValidationError("invalid_choice", field="columns", value=str(unknown)[:32])
    ordered = [c.key for c in available if c.key in keys]
    if not ordered:
        raise ValidationError("no_print_columns", field=f"col_{doc_type}")
    return [] if ordered == [c.key for c in available if c.default] else ordered
