"""Entering a stocktake's counts: line by line, by scanning, or from a file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.catalog.product import Product, Tracking
from openjxc.domain.documents.document import Document, DocumentLine
from openjxc.domain.documents.stocktake import add_count, count_reason, counted_at, set_count
from openjxc.domain.documents.types import DocumentType
from openjxc.domain.shared import clock, limits, text
from openjxc.domain.shared.errors import NotFound, ValidationError
from openjxc.domain.shared.numbers import ZERO, quantity
from openjxc.services import lookup
from openjxc.services.inventory.count_files import TableReader, read_counts
from openjxc.services.inventory.documents import get_document
from openjxc.services.inventory.periods import require_open
from openjxc.services.inventory.stocktake import book_line
from openjxc.services.unit_of_work import UnitOfWork

MAX_COUNTS = 10_000


@dataclass(frozen=True)
class CountInput:
    product: str | int
    counted_qty: object
    unit: str | None = None
    batch: str | None = None
    reason: str | None = None
    counted_at: object = None  # a count taken on paper: when; else when it is entered


def record_counts(
    ref: str | int,
    counts: Sequence[CountInput],
    actor: Actor,
    uow: UnitOfWork,
    first_row: int = 1,
) -> Document:
    """Set what was counted; rows for the same product and batch add up. All or nothing."""
    actor.require(Permission.STOCK_DOCUMENT_WRITE)
    if len(counts) > MAX_COUNTS:
        raise ValidationError("too_many_lines", max_lines=MAX_COUNTS)
    with uow:
        doc = _draft(uow, ref, actor)
        errors: list[dict[str, object]] = []
        now = clock.now()
        found: dict[tuple[int, str | None], list[tuple[Product, CountInput, Decimal]]] = {}
        times: dict[tuple[int, str | None], dt.datetime] = {}
        for row, count in enumerate(counts, start=first_row):
            try:
                product, batch_no, base = _resolve(uow, count)
                at = counted_at(count.counted_at, now)
            except ValidationError as error:
                errors.append({"row": row, "code": error.code, **error.params})
                continue
            key = (product.id or 0, batch_no)
            found.setdefault(key, []).append((product, count, base))
            if at is not None:  # counted in two places: as of the later count
                times[key] = max(at, times.get(key, at))
        if errors:
            raise ValidationError("invalid_rows", details=errors, count=len(errors))
        for key, rows in found.items():
            product, count, base = rows[0]
            line = _line_for(uow, doc, product, key[1])
            at = times.get(key)
            if len(rows) == 1:
                unit = count.unit or product.base_unit
                factor = product.factor_of(unit)
                set_count(line, unit, quantity(count.counted_qty), factor, base, now=now, at=at)
            else:  # counted in two places: the whole is what is there, in base units
                total = sum((r[2] for r in rows), ZERO)
                limits.within(total, "counted_qty", "qty")
                set_count(line, product.base_unit, total, Decimal(1), total, now=now, at=at)
            reasons = [r[1].reason for r in rows if r[1].reason]
            if reasons:
                line.reason = count_reason(reasons[-1])
        uow.audit.record(
            actor, "stocktake.count", "document", doc.number, after={"rows": len(counts)}
        )
        uow.commit()
    return doc


def scan_barcode(
    ref: str | int,
    barcode: str,
    qty: object,
    actor: Actor,
    uow: UnitOfWork,
    batch: str | None = None,
) -> Document:
    """One scan: ``qty`` of the barcode's unit is added to its line (of ``batch``, which a
    batch-tracked product needs: ``batch_required`` says to ask for it)."""
    actor.require(Permission.STOCK_DOCUMENT_WRITE)
    with uow:
        doc = _draft(uow, ref, actor)
        code = text.optional_text(barcode, "barcode", 64)
        found = uow.barcodes.by_barcode(code)
        product = uow.products.get(found.product_id) if found and found.product_id else None
        if found is None or product is None:
            raise ValidationError("unknown_barcode", field="barcode", value=code)
        batch_no = text.optional_text(batch, "batch", 64) or None
        if product.tracking is Tracking.BATCH and not batch_no:
            raise ValidationError("batch_required", field="batch", product=product.code)
        if product.tracking is not Tracking.BATCH and batch_no:
            raise ValidationError("product_not_batch_tracked", field="batch", product=product.code)
        base = product.to_base(qty, found.unit)
        if base <= ZERO:
            raise ValidationError("not_positive", field="qty")
        add_count(_line_for(uow, doc, product, batch_no), product.base_unit, base, clock.now())
        scanned = {"barcode": code, "batch": batch_no} if batch_no else {"barcode": code}
        uow.audit.record(actor, "stocktake.scan", "document", doc.number, after=scanned)
        uow.commit()
    return doc


def import_counts(
    ref: str | int,
    filename: str,
    content: bytes,
    actor: Actor,
    uow: UnitOfWork,
    read_table: TableReader,
) -> Document:
    """Counts from a CSV or XLSX file; any bad row (named by its row number) changes nothing."""
    actor.require(Permission.STOCK_DOCUMENT_WRITE)
    rows = read_counts(filename, content, read_table)
    return record_counts(ref, [CountInput(*row) for row in rows], actor, uow, first_row=2)


def _draft(uow: UnitOfWork, ref: str | int, actor: Actor) -> Document:
    doc = get_document(uow, ref)
    if doc.type is not DocumentType.STOCKTAKE or not actor.sees_document(doc):
        raise NotFound("stocktake", ref)
    uow.documents.lock(doc)
    doc.require_editable()
    require_open(uow, doc.date)
    return doc


def _resolve(uow: UnitOfWork, count: CountInput) -> tuple[Product, str | None, Decimal]:
    product: Product = lookup.resolve(uow.products, count.product, "product")
    base = product.to_base(count.counted_qty, count.unit or None, "counted_qty")
    if base < ZERO:
        raise ValidationError("negative", field="counted_qty")
    limits.within(base, "counted_qty", "qty")
    count_reason(count.reason)
    batch_no = text.optional_text(count.batch, "batch", 64) or None
    if product.tracking is Tracking.BATCH and not batch_no:
        raise ValidationError("batch_required", field="batch", product=product.code)
    if product.tracking is not Tracking.BATCH and batch_no:
        raise ValidationError("product_not_batch_tracked", field="batch", product=product.code)
    return product, batch_no, base


def _line_for(
    uow: UnitOfWork, doc: Document, product: Product, batch_no: str | None
) -> DocumentLine:
    for line in doc.active_lines:
        if line.product_id == product.id and line.batch_no == batch_no:
            return line
    # counted but not in the snapshot: the books at the snapshot still decide what is expected
    assert product.id is not None and doc.snapshot_move_id is not None
    batch = uow.batches.find(product.id, batch_no) if batch_no else None
    book = ZERO
    if batch_no is None or batch is not None:
        book = uow.stock_counts.on_hand_at(
            doc.warehouse_id, product.id, batch.id if batch else None, doc.snapshot_move_id
        )
    no = max((ln.line_no for ln in doc.lines), default=0) + 1
    line = book_line(no, uow, product.id, batch_no, book)
    doc.lines.append(line)
    return line
