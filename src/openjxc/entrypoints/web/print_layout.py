"""How a document is laid out on paper: its title, columns, totals, signatures, codes.

The columns each type can print and the rule for choosing them are the domain's
(``domain/documents/print_columns``). Paper is A4 or 241 mm continuous forms torn in two
(241×140) or three (241×93).
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import barcode
import segno
from barcode.writer import SVGWriter

from openjxc.domain.documents.print_columns import TRADE_TYPES, PrintColumn, columns_of
from openjxc.domain.shared.money_words import money_in_words
from openjxc.domain.shared.numbers import as_entered
from openjxc.domain.trading.tax import price_with_tax
from openjxc.entrypoints.web.i18n import N_


@dataclass(frozen=True)
class Paper:
    key: str
    label: str
    width_mm: int
    height_mm: int
    margin_mm: int
    font_pt: int

    @property
    def css(self) -> str:
        """The @page rule and the sheet's size on screen, for the page's <style>."""
        return (
            f"@page {{ size: {self.width_mm}mm {self.height_mm}mm; margin: {self.margin_mm}mm; }}"
            f" .sheet {{ --width: {self.width_mm}mm; --margin: {self.margin_mm}mm;"
            f" --font: {self.font_pt}pt; }}"
        )


PAPERS: dict[str, Paper] = {
    p.key: p
    for p in (
        Paper("a4", N_("A4"), 210, 297, 12, 11),
        Paper("half", N_("241 mm continuous, 1/2 (241×140)"), 241, 140, 6, 10),
        Paper("third", N_("241 mm continuous, 1/3 (241×93)"), 241, 93, 4, 9),
    )
}

TITLES = {
    "sales_delivery": N_("Delivery note"),
    "sales_return": N_("Sales return note"),
    "sales_order": N_("Sales order"),
    "retail_sale": N_("Retail sale"),
    "retail_return": N_("Retail return"),
    "purchase_receipt": N_("Purchase receipt note"),
    "purchase_return": N_("Purchase return note"),
    "purchase_order": N_("Purchase order"),
    "other_receipt": N_("Receipt note"),
    "opening_stock": N_("Opening stock"),
    "overage": N_("Overage note"),
    "other_issue": N_("Issue note"),
    "write_off": N_("Write-off note"),
    "transfer": N_("Transfer note"),
    "stocktake": N_("Stocktake sheet"),
}

_PREPARED, _APPROVED = N_("Prepared by"), N_("Approved by")
SIGNATURES = {
    "sales_delivery": (_PREPARED, _APPROVED, N_("Shipped by"), N_("Received by (customer)")),
    "purchase_receipt": (_PREPARED, _APPROVED, N_("Delivered by"), N_("Checked in by")),
    "other_receipt": (_PREPARED, _APPROVED, N_("Delivered by"), N_("Checked in by")),
    "transfer": (_PREPARED, _APPROVED, N_("Shipped by"), N_("Received by")),
    "stocktake": (_PREPARED, _APPROVED, N_("Counted by"), N_("Checked by")),
}
_DEFAULT_SIGNATURES = (_PREPARED, _APPROVED, N_("Received by"))


def signatures(doc_type: str) -> tuple[str, ...]:
    return SIGNATURES.get(doc_type, _DEFAULT_SIGNATURES)


def red_of(doc: Mapping[str, Any]) -> str | None:
    """The original's number when ``doc`` is a red-letter document (红字), else None."""
    return str(doc.get("source_document") or "") if doc.get("red_letter") else None


def lines_for_print(doc: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The lines with the figures only paper needs (价税合计 per line, unit of a count).

    A red-letter document is stored with the original's figures and negates it; on paper,
    as users of 红字 expect, its quantities and amounts are negative (prices stay positive).
    """
    signed = (
        {c.key for c in columns_of(doc["type"]) if c.kind in ("qty", "money")}
        if red_of(doc) is not None
        else set()
    )
    result = []
    for line in doc["lines"]:
        row = dict(line)
        if row.get("net_amount") is not None and row.get("tax") is not None:
            row["line_total"] = row["net_amount"] + row["tax"]
            row.update(_incl_tax(row))
        row["unit"] = row.get("unit") or row.get("base_unit")
        for key in signed:
            if row.get(key) is not None:
                row[key] = -row[key]
        result.append(row)
    return result


def _incl_tax(line: Mapping[str, Any]) -> dict[str, Any]:
    """含税单价 (as entered when entered so, else derived to 4 decimals) and 含税金额 before
    any discount, which is quantity × that price for a price entered 含税: 价税合计 + 行折扣 +
    整单优惠分摊."""
    gross = (
        line["line_total"]
        + (line.get("line_discount") or 0)
        + (line.get("order_discount_share") or 0)
    )
    entered = line.get("entered_price")
    if entered is not None and line.get("entered_price_tax_included"):
        shown = entered
    elif line.get("price") is not None:
        shown = price_with_tax(line["price"], line.get("tax_rate") or Decimal(0))
    else:
        return {"gross_amount": gross}
    return {"gross_amount": gross, "price_incl_tax": as_entered(shown)}


def totals(
    doc: Mapping[str, Any], lines: Sequence[Mapping[str, Any]], columns: Sequence[PrintColumn]
) -> dict[str, Any]:
    """Quantity (when every line has one unit), money total and its 大写金额 (负… for a
    red-letter document, whose ``lines`` are already negative)."""
    keys = {c.key for c in columns}
    units = {ln.get("unit") for ln in lines}
    qty = None
    if "qty" in keys and len(units) == 1 and all(ln.get("qty") is not None for ln in lines):
        qty = sum((ln["qty"] for ln in lines), Decimal(0))
    money: Decimal | None = None
    if doc.get("total") is not None and doc["type"] in TRADE_TYPES:
        money = -doc["total"] if red_of(doc) is not None else doc["total"]
    elif "amount" in keys and lines and all(ln.get("amount") is not None for ln in lines):
        money = sum((ln["amount"] for ln in lines), Decimal(0))
    order_discount = doc.get("order_discount") if doc["type"] in TRADE_TYPES else None
    return {
        "qty": qty,
        "unit": next(iter(units)) if qty is not None else None,
        "order_discount": order_discount or None,
        "money": money,
        "words": money_in_words(money) if money is not None else None,
    }


_STYLE_FILL = re.compile(r'style="fill:\s*(\w+);?"')


def qr_svg(text: str, scale: int = 2) -> str:
    """The document number as a QR code, inline SVG (segno)."""
    return str(segno.make(text, error="m").svg_inline(scale=scale, border=1))


def barcode_svg(text: str, height_mm: float = 8) -> str:
    """The document number as a Code 128 barcode, inline SVG (python-barcode)."""
    out = io.BytesIO()
    code = barcode.get("code128", text, writer=SVGWriter())
    code.write(out, options={"write_text": False, "module_height": height_mm, "quiet_zone": 2})
    svg = out.getvalue().decode("utf-8")
    # colours as presentation attributes: the Content Security Policy refuses style attributes
    return _STYLE_FILL.sub(r'fill="\1"', svg[svg.index("<svg") :])
