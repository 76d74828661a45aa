"""Stocktakes (盘点单): create from a snapshot, count (by line, scan or file), variance report.

Approval, 反审核 and 作废 are the generic document actions under /documents/{ref}/….
"""

from __future__ import annotations

import datetime as dt
from datetime import datetime
from typing import Literal

from fastapi import Request, UploadFile
from pydantic import BaseModel, Field

from openjxc.domain.documents.document import Document
from openjxc.entrypoints.api import replies
from openjxc.entrypoints.api.decimals import DecimalIn, DecimalOut, MoneyOut
from openjxc.entrypoints.api.deps import CurrentActor, ReadSession, UowDep, new_router
from openjxc.entrypoints.api.schemas import Create
from openjxc.entrypoints.uploads import table_reader
from openjxc.queries import stocktakes as queries
from openjxc.services.inventory import stocktake as service
from openjxc.services.inventory import stocktake_counts as counting

router = new_router(prefix="/stocktakes", tags=["stocktakes"])

CountReasonName = Literal["damage", "expired", "theft", "counting_error", "other"]


class StocktakeIn(Create):
    warehouse: str = Field(max_length=32)
    date: dt.date
    category: str | None = Field(default=None, max_length=32, description="limit to this subtree")
    blind: bool = Field(default=False, description="hide book quantities from counters")
    remarks: str = Field(default="", max_length=500)


class CountIn(Create):
    product: str = Field(max_length=32, description="code or id")
    batch: str | None = Field(default=None, max_length=64)
    counted_qty: DecimalIn
    unit: str | None = Field(default=None, max_length=16)
    reason: CountReasonName | None = None
    counted_at: datetime | None = Field(
        default=None,
        description="when it was counted (a count taken on paper; without an offset, the"
        " server's time zone); default: now, or the line's time when the quantity is unchanged",
    )


class ScanIn(Create):
    barcode: str = Field(max_length=64)
    qty: DecimalIn = Field(default="1", description="in the barcode's unit")
    batch: str | None = Field(
        default=None, max_length=64, description="required for a batch-tracked product"
    )


class VarianceLine(BaseModel):
    line_no: int
    product: str
    product_name: str
    base_unit: str
    batch: str | None
    unit: str
    qty: DecimalOut | None = Field(description="counted, in `unit` as entered")
    book_qty: DecimalOut | None = Field(description="base units at the snapshot; hidden when blind")
    expected_qty: DecimalOut | None = Field(
        description="the books at the count (moves dated before the stocktake's date, and"
        " those of its date entered by `counted_at`); once posted, as posted"
    )
    counted_qty: DecimalOut | None
    counted_at: datetime | None = Field(description="when counted: the books are taken then")
    variance_qty: DecimalOut | None = Field(description="counted - expected")
    variance_value: MoneyOut | None = Field(description="at current cost; once posted, as posted")
    reason: str | None


class UnitQty(BaseModel):
    unit: str
    qty: DecimalOut


class VarianceTotals(BaseModel):
    lines: int
    counted: int
    gain_qty: DecimalOut | None = Field(
        description="盘盈 in the one base unit of every line; null when lines count in "
        "several units (see gain_by_unit)"
    )
    gain_by_unit: list[UnitQty] = Field(description="盘盈 quantity per base unit")
    gain_value: MoneyOut | None
    loss_qty: DecimalOut | None = Field(description="盘亏, as gain_qty")
    loss_by_unit: list[UnitQty] = Field(description="盘亏 quantity per base unit")
    loss_value: MoneyOut | None


class StocktakeRead(BaseModel):
    id: int
    number: str
    date: dt.date
    status: str
    warehouse: str
    blind: bool
    snapshot_at: datetime | None
    remarks: str
    created_by: str | None
    approved_by: str | None
    approved_at: datetime | None
    lines: list[VarianceLine]
    totals: VarianceTotals | None = Field(description="hidden from counters of a blind count")


def _read(session: ReadSession, actor: CurrentActor, ref: str) -> StocktakeRead:
    return StocktakeRead.model_validate(queries.get_stocktake(session, actor, ref))


@router.post("", response_model=StocktakeRead, status_code=201)
@replies.created(Document, "/stocktakes/{new.number}")
def create_stocktake(
    body: StocktakeIn, uow: UowDep, actor: CurrentActor, session: ReadSession
) -> StocktakeRead:
    """Snapshot the warehouse (or a category of it) into a draft stocktake."""
    doc = service.create_stocktake(
        body.warehouse,
        actor,
        uow,
        date=body.date,
        category=body.category,
        blind=body.blind,
        remarks=body.remarks,
    )
    return _read(session, actor, doc.number)


@router.get("/{ref}", response_model=StocktakeRead)
def get_stocktake(ref: str, session: ReadSession, actor: CurrentActor) -> StocktakeRead:
    """One stocktake by number or id, with its counts."""
    return _read(session, actor, ref)


@router.get("/{ref}/variance", response_model=StocktakeRead)
def variance(ref: str, session: ReadSession, actor: CurrentActor) -> StocktakeRead:
    """Variance report: book, expected, counted, variance and its value per line, with totals."""
    return _read(session, actor, ref)


@router.put("/{ref}/counts", response_model=StocktakeRead)
@replies.resource("/stocktakes/{ref}")
def record_counts(
    ref: str, body: list[CountIn], uow: UowDep, actor: CurrentActor, session: ReadSession
) -> StocktakeRead:
    """Set counted quantities line by line; rows for the same product and batch add up."""
    counts = [counting.CountInput(**c.model_dump()) for c in body]
    doc = counting.record_counts(ref, counts, actor, uow)
    return _read(session, actor, doc.number)


@router.post("/{ref}/scan", response_model=StocktakeRead)
@replies.resource("/stocktakes/{ref}")
def scan(
    ref: str, body: ScanIn, uow: UowDep, actor: CurrentActor, session: ReadSession
) -> StocktakeRead:
    """One scan adds `qty` of the barcode's unit to its product's (and batch's) count."""
    doc = counting.scan_barcode(ref, body.barcode, body.qty, actor, uow, batch=body.batch)
    return _read(session, actor, doc.number)


@router.post("/{ref}/counts/import", response_model=StocktakeRead)
@replies.resource("/stocktakes/{ref}")
def import_counts(
    ref: str,
    file: UploadFile,
    request: Request,
    uow: UowDep,
    actor: CurrentActor,
    session: ReadSession,
) -> StocktakeRead:
    """Counts from a CSV or XLSX file (product, [batch], counted_qty, unit); all or nothing.

    A user may have only a few uploads read at once (429 `too_many_uploads`)."""
    # sync on purpose: the upload is already spooled, and posting must not block the loop
    settings = request.app.state.system.settings
    with request.app.state.uploads.hold(actor.user_id):
        content = file.file.read(settings.max_body_bytes + 1)  # the body limit bounds it
        reader = table_reader(settings)
        doc = counting.import_counts(ref, file.filename or "", content, actor, uow, reader)
    return _read(session, actor, doc.number)
