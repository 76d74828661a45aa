"""Repositories of the inventory side: documents, batches, periods."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, insert, literal, or_, select
from sqlalchemy.orm import Session

from openjxc.adapters.db.repository import SqlRepository
from openjxc.adapters.db.snapshots import (
    MonthTotals,
    last_rows,
    month_bounds,
    months_closed_by,
    store_month_totals,
)
from openjxc.adapters.db.tables import catalog, inventory, trading
from openjxc.adapters.db.types import money_of, qty_of
from openjxc.domain.documents.document import Document
from openjxc.domain.documents.status import POSTED, Status
from openjxc.domain.inventory.batch import Batch
from openjxc.domain.shared import clock

d = inventory.document
m = inventory.stock_move


class SqlDocuments(SqlRepository[Document]):
    def __init__(self, session: Session):
        super().__init__(session, Document)

    def posted_dependants(self, document_id: int) -> list[str]:
        """Numbers of posted documents that name this one as their source."""
        rows = self.session.execute(
            select(d.c.number).where(
                d.c.source_document_id == document_id, d.c.status.in_([s.value for s in POSTED])
            )
        )
        return [r[0] for r in rows]

    def pending_red_letters(self, document_id: int) -> list[str]:
        """Numbers of red-letter documents of this one still waiting for approval."""
        rows = self.session.execute(
            select(d.c.number).where(
                d.c.source_document_id == document_id,
                d.c.red_letter.is_(True),
                d.c.status.in_([Status.DRAFT.value, Status.SUBMITTED.value]),
            )
        )
        return [r[0] for r in rows]

    def posted_line_values(self, line_ids: list[int]) -> dict[int, tuple[Decimal, Decimal]]:
        """(quantity, value) each line posted, net of reversals, on its own warehouse's leg."""
        if not line_ids:
            return {}
        rows = self.session.execute(
            select(m.c.line_id, func.sum(m.c.qty), func.sum(m.c.value))
            .where(m.c.line_id.in_(line_ids), m.c.pair_move_id.is_(None))
            .group_by(m.c.line_id)
        )
        return {r[0]: (abs(qty_of(r[1])), money_of(r[2])) for r in rows}

    def line_places(self, line_ids: list[int]) -> dict[int, tuple[str, int]]:
        """(document number, line number as shown) of each line, to name it in a message."""
        if not line_ids:
            return {}
        ln = inventory.document_line
        rows = self.session.execute(
            select(ln.c.id, d.c.number, ln.c.line_no)
            .join(d, d.c.id == ln.c.document_id)
            .where(ln.c.id.in_(line_ids))
        )
        return {r[0]: (r[1], r[2]) for r in rows}

    def returned_qty(
        self, loan_line_ids: list[int], exclude_document_id: int | None
    ) -> dict[int, Decimal]:
        """Base quantity already returned against each loan line by approved returns."""
        if not loan_line_ids:
            return {}
        ln = inventory.document_line
        query = (
            select(ln.c.source_line_id, func.sum(ln.c.base_qty))
            .join(d, d.c.id == ln.c.document_id)
            .where(
                ln.c.source_line_id.in_(loan_line_ids),
                ln.c.removed.is_(False),
                d.c.status == Status.APPROVED.value,
            )
            .group_by(ln.c.source_line_id)
        )
        if exclude_document_id is not None:
            query = query.where(d.c.id != exclude_document_id)
        return {r[0]: qty_of(r[1]) for r in self.session.execute(query)}


class SqlBatches(SqlRepository[Batch]):
    def __init__(self, session: Session):
        super().__init__(session, Batch)

    def find(self, product_id: int, batch_no: str) -> Batch | None:
        return self.get_by(product_id=product_id, batch_no=batch_no)

    def get_or_create(
        self,
        product_id: int,
        batch_no: str,
        production_date: date | None,
        expiry_date: date | None,
        day: date,
    ) -> int:
        batch = self.find(product_id, batch_no)
        if batch is None:
            batch = Batch(
                product_id, batch_no, production_date, expiry_date, created_at=clock.now()
            )
            self.add(batch)
            self.session.flush()
        assert batch.id is not None
        return batch.id

    def stored_in(self, batch_id: int) -> list[tuple[int, int]]:
        bb, w = inventory.batch_balance, catalog.warehouse
        rows = self.session.execute(
            select(w.c.id, w.c.organisation_id)
            .join(bb, bb.c.warehouse_id == w.c.id)
            .where(bb.c.batch_id == batch_id)
            .order_by(w.c.id)
        )
        return [(row.id, row.organisation_id) for row in rows]

    def pickable(
        self, product_id: int, warehouse_id: int, day: date
    ) -> Iterator[tuple[int, Decimal]]:
        """Batches with stock that may be issued on ``day``: not held, not expired; FEFO order."""
        bb, b = inventory.batch_balance, inventory.batch
        rows = self.session.execute(
            select(bb.c.batch_id, bb.c.on_hand)
            .join(b, b.c.id == bb.c.batch_id)
            .where(
                bb.c.product_id == product_id,
                bb.c.warehouse_id == warehouse_id,
                bb.c.on_hand > 0,
                b.c.on_hold.is_(False),
                or_(b.c.expiry_date.is_(None), b.c.expiry_date >= day),
            )
            .order_by(b.c.expiry_date.is_(None), b.c.expiry_date, b.c.id)
        )
        for row in rows:
            yield row.batch_id, row.on_hand


_LATEST_CLOSED = select(func.max(inventory.period.c.month))


class SqlPeriods:
    def __init__(self, session: Session, month_totals: MonthTotals):
        self.session = session
        self.month_totals = month_totals

    def latest_closed(self) -> str | None:
        value: str | None = self.session.connection().execute(_LATEST_CLOSED).scalar()
        return value

    def unposted_documents(self, month: str) -> list[dict[str, Any]]:
        """Drafts and documents awaiting approval (payments too) dated in an open month up to
        ``month``, in date order: ``{"number", "date", "status", "kind"}``."""
        latest = self.latest_closed()
        start = month_bounds(latest)[1] if latest is not None else None
        _, end = month_bounds(month)
        waiting = [Status.DRAFT.value, Status.SUBMITTED.value]
        found: list[dict[str, Any]] = []
        for kind, table in (("document", d), ("payment", trading.payment)):
            query = select(
                table.c.number, table.c.date, table.c.status, literal(kind).label("kind")
            ).where(table.c.date < end, table.c.status.in_(waiting))
            if start is not None:
                query = query.where(table.c.date >= start)
            found += [dict(r) for r in self.session.execute(query).mappings()]
        return sorted(found, key=lambda r: (r["date"], r["number"]))

    def open_months_through(self, month: str) -> list[str]:
        """The open months up to ``month`` that closing it closes, in order: from the month
        after the latest closed one (none: the first month anything posted is dated in)."""
        return self.months_to_total(month) or [month]

    def months_to_total(self, month: str) -> list[str]:
        """The months whose totals closing ``month`` stores (see ``months_closed_by``)."""
        return months_closed_by(self.session, self.latest_closed(), month)

    def close(self, month: str, user_id: int | None, at: datetime) -> None:
        """Record the period, snapshot every stream and batch at the month's end, and store
        the month's totals (``period_total``)."""
        months = self.months_to_total(month)
        self.session.execute(
            insert(inventory.period).values(month=month, closed_at=at, closed_by=user_id)
        )
        _, end = month_bounds(month)
        self.session.execute(
            insert(inventory.period_snapshot).from_select(
                ["month", "product_id", "warehouse_id", "batch_id", "qty", "value"],
                last_rows(month, end, batch=False),
            )
        )
        self.session.execute(
            insert(inventory.period_snapshot).from_select(
                ["month", "product_id", "warehouse_id", "batch_id", "qty", "value"],
                last_rows(month, end, batch=True),
            )
        )
        store_month_totals(self.session, self.month_totals, month, months)

    def reopen(self, month: str) -> None:
        total = inventory.period_total
        self.session.execute(delete(total).where(total.c.closed_month == month))
        self.session.execute(
            delete(inventory.period_snapshot).where(inventory.period_snapshot.c.month == month)
        )
        self.session.execute(delete(inventory.period).where(inventory.period.c.month == month))
