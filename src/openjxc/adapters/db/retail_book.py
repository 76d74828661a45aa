"""Retail's storage: terminals, the retail part of posted documents, the 异常单 queue."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from openjxc.adapters.db.tables import inventory, retail
from openjxc.adapters.db.types import money_of
from openjxc.domain.shared import clock
from openjxc.services.retail.ports import OPEN, POSTED, PaymentLine, Queued, SaleRecord, Terminal

t, s, p, x = (
    retail.retail_terminal,
    retail.retail_sale,
    retail.retail_payment,
    retail.retail_exception,
)
d = inventory.document

_TERMINAL = select(
    t.c.id, t.c.code, t.c.name, t.c.organisation_id, t.c.warehouse_id, t.c.user_id, t.c.active
)
_QUEUED = select(
    x.c.id,
    x.c.terminal_id,
    x.c.client_id,
    x.c.organisation_id,
    x.c.payload,
    x.c.reason,
    x.c.reason_params,
    x.c.status,
    x.c.attempts,
    x.c.document_id,
)


class SqlRetailBook:
    def __init__(self, session: Session):
        self.session = session

    def _terminal(self, *where: Any) -> Terminal | None:
        row = self.session.execute(_TERMINAL.where(*where)).first()
        return None if row is None else Terminal(*row)

    def add_terminal(self, terminal: Terminal) -> int:
        now = clock.now()
        return int(
            self.session.execute(
                insert(t)
                .values(
                    code=terminal.code,
                    name=terminal.name,
                    organisation_id=terminal.organisation_id,
                    warehouse_id=terminal.warehouse_id,
                    user_id=terminal.user_id,
                    active=terminal.active,
                    created_at=now,
                    updated_at=now,
                )
                .returning(t.c.id)
            ).scalar_one()
        )

    def terminal(self, terminal_id: int) -> Terminal | None:
        return self._terminal(t.c.id == terminal_id)

    def terminal_by_code(self, code: str) -> Terminal | None:
        return self._terminal(t.c.code == code)

    def terminal_of_user(self, user_id: int) -> Terminal | None:
        return self._terminal(t.c.user_id == user_id)

    def set_terminal_active(self, terminal_id: int, active: bool) -> None:
        self.session.execute(
            update(t).where(t.c.id == terminal_id).values(active=active, updated_at=clock.now())
        )

    def lock_terminal(self, terminal_id: int) -> None:
        query = select(t.c.id).where(t.c.id == terminal_id)
        if self.session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update()
        self.session.execute(query)  # SQLite: the unit of work holds the write lock already

    def posted(self, terminal_id: int, client_id: str) -> str | None:
        return self.session.execute(
            select(d.c.number)
            .join(s, s.c.document_id == d.c.id)
            .where(s.c.terminal_id == terminal_id, s.c.client_id == client_id)
        ).scalar()

    def record_sale(self, sale: SaleRecord) -> None:
        self.session.flush()  # the document's row first
        self.session.execute(
            insert(s).values(
                document_id=sale.document_id,
                terminal_id=sale.terminal_id,
                client_id=sale.client_id,
                occurred_at=sale.occurred_at,
                cashier_id=sale.cashier_id,
                member_id=sale.member_id,
                discount=sale.discount,
                rounding=sale.rounding,
                change=sale.change,
                original_document_id=sale.original_document_id,
            )
        )
        if sale.payments:
            self.session.execute(
                insert(p),
                [
                    {
                        "document_id": sale.document_id,
                        "line_no": no,
                        "method": line.method,
                        "amount": line.amount,
                        "partner_id": line.partner_id,
                    }
                    for no, line in enumerate(sale.payments, start=1)
                ],
            )

    def sale_of(self, document_id: int) -> SaleRecord | None:
        row = self.session.execute(select(s).where(s.c.document_id == document_id)).first()
        if row is None:
            return None
        payments = self.session.execute(
            select(p.c.method, p.c.amount, p.c.partner_id)
            .where(p.c.document_id == document_id)
            .order_by(p.c.line_no)
        ).all()
        return SaleRecord(
            row.document_id,
            row.terminal_id,
            row.client_id,
            row.occurred_at,
            row.cashier_id,
            row.member_id,
            money_of(row.discount),
            money_of(row.rounding),
            money_of(row.change),
            row.original_document_id,
            tuple(PaymentLine(m, money_of(a), pid) for m, a, pid in payments),
        )

    def queued(self, terminal_id: int, client_id: str) -> Queued | None:
        row = self.session.execute(
            _QUEUED.where(x.c.terminal_id == terminal_id, x.c.client_id == client_id)
        ).first()
        return None if row is None else Queued(**row._asdict())

    def queue(
        self,
        terminal: Terminal,
        client_id: str,
        payload: dict[str, Any],
        reason: str,
        params: dict[str, Any],
        at: dt.datetime,
    ) -> int:
        return int(
            self.session.execute(
                insert(x)
                .values(
                    terminal_id=terminal.id,
                    client_id=client_id,
                    organisation_id=terminal.organisation_id,
                    received_at=at,
                    payload=payload,
                    reason=reason[:64],
                    reason_params=params,
                    status=OPEN,
                    attempts=1,
                )
                .returning(x.c.id)
            ).scalar_one()
        )

    def exception(self, exception_id: int, lock: bool = False) -> Queued | None:
        query = _QUEUED.where(x.c.id == exception_id)
        if lock and self.session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update()
        row = self.session.execute(query).first()
        return None if row is None else Queued(**row._asdict())

    def failed_again(self, exception_id: int, reason: str, params: dict[str, Any]) -> None:
        self.session.execute(
            update(x)
            .where(x.c.id == exception_id)
            .values(reason=reason[:64], reason_params=params, attempts=x.c.attempts + 1)
        )

    def resolve(
        self, exception_id: int, document_id: int, user_id: int | None, at: dt.datetime
    ) -> None:
        self.session.flush()
        self.session.execute(
            update(x)
            .where(x.c.id == exception_id)
            .values(
                status=POSTED,
                document_id=document_id,
                resolved_at=at,
                resolved_by=user_id,
                attempts=x.c.attempts + 1,
            )
        )

    def open_exceptions(self, terminal_id: int, reason: str) -> list[int]:
        return list(
            self.session.execute(
                select(x.c.id)
                .where(x.c.terminal_id == terminal_id, x.c.status == OPEN, x.c.reason == reason)
                .order_by(x.c.id)
            ).scalars()
        )
