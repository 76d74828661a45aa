"""Importing opening stock (期初库存): the lines of one 期初 document per warehouse and date,
created and approved (posted) through the stock document services in the confirming
transaction.

Every line goes through ``services.inventory.documents.line_of`` — the rules of a draft's
line: the product active, the unit one of the product's (here the unit column is required:
no default unit, ever), a quantity above 0, the unit cost, the batch of a batch-tracked
product — and each warehouse through ``document_warehouse`` (active, not in transit, in the
caller's scope), each date through ``require_postable`` (an open month).

A file is posted once: when a confirmed import of this kind holds the same file (its
SHA-256, ``import_record.sha256``), every row is ``unchanged`` and confirming writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from openjxc.domain.access.permissions import Permission
from openjxc.domain.catalog.product import Product
from openjxc.domain.catalog.warehouse import Warehouse
from openjxc.domain.documents.types import DocumentType
from openjxc.domain.imports.access import PERMISSIONS
from openjxc.domain.imports.columns import ImportKind
from openjxc.domain.imports.kinds.opening_stock import KIND
from openjxc.domain.imports.outcome import Action
from openjxc.domain.imports.plausibility import implausible
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import DomainError
from openjxc.domain.shared.limits import MAX_LINES
from openjxc.services.imports.rows import ParsedRow, PlanContext, Writer, posted_before, text_of
from openjxc.services.inventory import approval, documents
from openjxc.services.inventory.documents import DocumentInput, LineInput
from openjxc.services.inventory.periods import require_postable
from openjxc.services.unit_of_work import UnitOfWork
from openjxc.services.warehouses import document_warehouse

OPENING = DocumentType.OPENING_STOCK


class OpeningStockHandler:
    name = KIND.name
    permission = PERMISSIONS["opening_stock"]

    def spec(self, uow: UnitOfWork) -> ImportKind:
        return KIND

    def plan(self, rows: Sequence[ParsedRow], context: PlanContext) -> Writer:
        uow, actor = context.uow, context.actor
        actor.require(Permission.STOCK_DOCUMENT_APPROVE)  # confirming posts the documents
        if posted_before(self.name, rows, context):
            return lambda: None
        good = [row for row in rows if row.outcome.ok]
        references = _References(uow, context, good)
        groups: dict[tuple[str, dt.date], list[LineInput]] = defaultdict(list)
        for row in good:
            found = references.line(row)
            if found is not None:
                row.set(Action.CREATE, {})
                groups[found[0]].append(found[1])

        def write() -> None:
            marker = f"导入 {context.sha256[:12]}".strip()
            for (code, day), lines in sorted(groups.items()):
                for start in range(0, len(lines), MAX_LINES):
                    doc = documents.add_draft(
                        uow,
                        DocumentInput(
                            OPENING.value,
                            day,
                            code,
                            lines[start : start + MAX_LINES],
                            remarks=marker,
                        ),
                        actor,
                    )
                    uow.flush()
                    approval.approve_stock(uow, doc.number, actor)

        return write


class _References:
    """What the rows name, loaded in bulk (products, their average costs) or once each
    (warehouses, dates), and each row checked against them."""

    def __init__(self, uow: UnitOfWork, context: PlanContext, rows: Sequence[ParsedRow]):
        self.uow, self.context = uow, context
        stored = uow.imports.products(str(row.get("product")) for row in rows)
        self.products = {code: item.product for code, item in stored.items()}
        self.averages = uow.imports.average_costs(p.id or 0 for p in self.products.values())
        self.warehouses: dict[str, Warehouse | DomainError] = {}
        self.dates: dict[dt.date, DomainError | None] = {}

    def line(self, row: ParsedRow) -> tuple[tuple[str, dt.date], LineInput] | None:
        """The row as a document line and the document it goes to; None: an error recorded."""
        code = str(row.get("warehouse"))
        if code not in self.warehouses:
            self.warehouses[code] = _warehouse(self.uow, code, self.context)
        warehouse = self.warehouses[code]
        if isinstance(warehouse, DomainError):
            row.fail(warehouse, "warehouse")
            return None
        day = _date(row.get("date")) or clock.today()
        if day not in self.dates:
            self.dates[day] = _closed(self.uow, day)
        closed = self.dates[day]
        if closed is not None:
            row.fail(closed, "date")
            return None
        product = self.products.get(str(row.get("product")))
        if product is None:
            row.outcome.error(
                "product", "unknown_reference", field="product", value=row.get("product")
            )
            return None
        line = LineInput(
            product.code,
            row.get("qty"),
            unit=str(row.get("unit")),
            unit_cost=row.get("unit_cost"),
            batch=str(row.get("batch") or "") or None,
            production_date=_date(row.get("production_date")),
            expiry=_date(row.get("expiry")),
        )
        try:
            checked = documents.line_of(row.outcome.row, line, product, OPENING)
        except DomainError as error:
            row.fail(error)
            return None
        _warn_implausible(
            row, checked.unit_cost, checked.factor, product, self.averages, self.context
        )
        return (warehouse.code, day), line


def _warehouse(uow: UnitOfWork, code: str, context: PlanContext) -> Warehouse | DomainError:
    try:
        return document_warehouse(uow, code, "warehouse", context.actor)
    except DomainError as error:
        return error


def _closed(uow: UnitOfWork, day: dt.date) -> DomainError | None:
    try:
        require_postable(uow, day)
    except DomainError as error:
        return error
    return None


def _date(value: object) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


def _warn_implausible(
    row: ParsedRow,
    unit_cost: Decimal | None,
    factor: Decimal,
    product: Product,
    averages: dict[int, Decimal],
    context: PlanContext,
) -> None:
    """The ×50 rule: a cost per base unit far from the product's current average cost (or,
    with no stock yet, its purchase price) — the kg/g mistake is ×1000."""
    if unit_cost is None or not factor:
        return
    reference = averages.get(product.id or 0) or product.purchase_price
    per_base = unit_cost / factor
    if implausible(per_base, reference, context.factor):
        row.outcome.warn(
            "unit_cost",
            "implausible_value",
            field="unit_cost",
            value=text_of(unit_cost),
            reference=text_of(reference * factor if reference is not None else None),
            factor=text_of(context.factor),
        )


HANDLER = OpeningStockHandler()
