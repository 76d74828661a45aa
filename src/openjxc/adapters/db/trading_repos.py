"""Repositories of trading: the partner ledger, settlements, the links between lines."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, bindparam, delete, func, insert, literal, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, aliased

from openjxc.adapters.db.tables import catalog, inventory, trading
from openjxc.adapters.db.types import money_of, qty_of
from openjxc.domain.documents.approval_rules import Rule, Step
from openjxc.domain.documents.status import Status
from openjxc.domain.documents.types import DocumentType
from openjxc.domain.shared import clock
from openjxc.domain.shared.numbers import ZERO
from openjxc.domain.trading.accounts import Account, OpenItem
from openjxc.services.trading.ports import NewEntry, StoredEntry

e, pb, s = trading.partner_entry, trading.partner_balance, trading.settlement
d, ln = inventory.document, inventory.document_line


def _undone() -> Any:
    later = aliased(e)
    return select(later.c.reverses_entry_id).where(later.c.reverses_entry_id.is_not(None))


def _live() -> Any:
    """Entries in effect: not a reversal, not reversed."""
    return and_(e.c.reverses_entry_id.is_(None), e.c.id.not_in(_undone()))


class SqlPartnerLedger:
    def __init__(self, session: Session):
        self.session = session

    def lock(self, partner_id: int, account: Account) -> Decimal:
        dialect = self.session.get_bind().dialect.name
        upsert = pg_insert if dialect == "postgresql" else sqlite_insert
        self.session.execute(
            upsert(pb)
            .values(partner_id=partner_id, account=account, balance=ZERO)
            .on_conflict_do_nothing()
        )
        query = select(pb.c.balance).where(pb.c.partner_id == partner_id, pb.c.account == account)
        if dialect == "postgresql":
            query = query.with_for_update()
        return Decimal(self.session.execute(query).scalar_one())

    def post(self, entry: NewEntry) -> int:
        entry_id = self.session.execute(
            insert(e).values(**vars(entry), created_at=clock.now()).returning(e.c.id)
        ).scalar_one()
        self.session.execute(
            update(pb)
            .where(pb.c.partner_id == entry.partner_id, pb.c.account == entry.account)
            .values(balance=pb.c.balance + literal(entry.amount, pb.c.balance.type))
        )
        return int(entry_id)

    def live_entries(
        self, document_id: int | None = None, payment_id: int | None = None
    ) -> list[StoredEntry]:
        query = select(
            e.c.id,
            e.c.partner_id,
            e.c.account,
            e.c.date,
            e.c.amount,
            e.c.number,
            e.c.source,
            e.c.document_id,
            e.c.payment_id,
        )
        if document_id is not None:
            query = query.where(e.c.document_id == document_id)
        if payment_id is not None:
            query = query.where(e.c.payment_id == payment_id)
        rows = self.session.execute(query.where(_live()).order_by(e.c.id))
        return [StoredEntry(*r) for r in rows]

    def open_items(self, partner_id: int, account: Account, credits: bool) -> list[OpenItem]:
        sign = e.c.amount < 0 if credits else e.c.amount > 0
        done = self._settled_sums().subquery()
        rows = self.session.execute(
            select(e.c.id, e.c.number, e.c.date, e.c.due_date, e.c.amount, done.c.settled)
            .outerjoin(done, done.c.entry_id == e.c.id)
            .where(e.c.partner_id == partner_id, e.c.account == account, sign, _live())
            .order_by(e.c.date, e.c.id)
        )
        items = []
        for r in rows:
            open_ = abs(r.amount) - money_of(r.settled)
            if open_ > ZERO:
                items.append(OpenItem(r.id, r.number, r.date, r.due_date, r.amount, open_))
        return items

    def settled(self, entry_ids: Sequence[int]) -> dict[int, Decimal]:
        if not entry_ids:
            return {}
        done = self._settled_sums().subquery()
        rows = self.session.execute(
            select(done.c.entry_id, done.c.settled).where(done.c.entry_id.in_(entry_ids))
        )
        return {r[0]: money_of(r[1]) for r in rows}

    def settle(self, charge_id: int, credit_id: int, amount: Decimal, user_id: int | None) -> None:
        self.session.execute(
            insert(s).values(
                charge_entry_id=charge_id,
                credit_entry_id=credit_id,
                amount=amount,
                created_by=user_id,
                created_at=clock.now(),
            )
        )

    def settlements(self, entry_id: int) -> list[tuple[int, int, Decimal]]:
        rows = self.session.execute(
            select(s.c.charge_entry_id, s.c.credit_entry_id, func.sum(s.c.amount))
            .where(or_(s.c.charge_entry_id == entry_id, s.c.credit_entry_id == entry_id))
            .group_by(s.c.charge_entry_id, s.c.credit_entry_id)
            .order_by(s.c.charge_entry_id, s.c.credit_entry_id)
        )
        return [(r[0], r[1], money_of(r[2])) for r in rows if money_of(r[2]) != ZERO]

    @staticmethod
    def _settled_sums() -> Any:
        both = (
            select(s.c.charge_entry_id.label("entry_id"), s.c.amount)
            .union_all(select(s.c.credit_entry_id.label("entry_id"), s.c.amount))
            .subquery()
        )
        return select(both.c.entry_id, func.sum(both.c.amount).label("settled")).group_by(
            both.c.entry_id
        )


class SqlTradeLines:
    def __init__(self, session: Session):
        self.session = session

    def documents_of(self, line_ids: Sequence[int]) -> dict[int, int]:
        if not line_ids:
            return {}
        rows = self.session.execute(
            select(ln.c.id, ln.c.document_id).where(ln.c.id.in_(line_ids), ln.c.removed.is_(False))
        )
        return {r[0]: r[1] for r in rows}

    def sourced_qty(
        self, line_ids: Sequence[int], exclude_document_id: int | None = None
    ) -> dict[int, Decimal]:
        if not line_ids:
            return {}
        query = (
            select(ln.c.source_line_id, func.sum(ln.c.base_qty))
            .join(d, d.c.id == ln.c.document_id)
            .where(
                ln.c.source_line_id.in_(line_ids),
                ln.c.removed.is_(False),
                d.c.status == Status.APPROVED.value,
                d.c.red_letter.is_(False),  # it names what it negates, and moves none of it
            )
            .group_by(ln.c.source_line_id)
        )
        if exclude_document_id is not None:
            query = query.where(d.c.id != exclude_document_id)
        return {r[0]: qty_of(r[1]) for r in self.session.execute(query)}

    def open_orders(self, partner_id: int, kind: str) -> list[int]:
        rows = self.session.execute(
            select(d.c.id)
            .where(
                d.c.partner_id == partner_id,
                d.c.type == kind,
                d.c.status.in_([Status.APPROVED.value, Status.PARTIAL.value]),
            )
            .order_by(d.c.id)
        )
        return [r[0] for r in rows]

    def dependants(self, document_id: int) -> list[str]:
        source = aliased(ln)
        rows = self.session.execute(
            select(d.c.number)
            .distinct()
            .join(ln, ln.c.document_id == d.c.id)
            .join(source, source.c.id == ln.c.source_line_id)
            .where(
                source.c.document_id == document_id,
                d.c.id != document_id,
                ln.c.removed.is_(False),
                d.c.status == Status.APPROVED.value,
            )
            .order_by(d.c.number)
        )
        return [r[0] for r in rows]


class SqlPriceBook:
    def __init__(self, session: Session):
        self.session = session

    def customer_price(self, partner_id: int, product_id: int) -> Decimal | None:
        cp = trading.customer_price
        value: Decimal | None = self.session.execute(
            select(cp.c.price).where(cp.c.partner_id == partner_id, cp.c.product_id == product_id)
        ).scalar()
        return value

    def level_price(self, product_id: int, level: int) -> Decimal | None:
        lp = trading.level_price
        value: Decimal | None = self.session.execute(
            select(lp.c.price).where(lp.c.product_id == product_id, lp.c.level == level)
        ).scalar()
        return value

    def last_sale_price(self, partner_id: int, product_id: int) -> Decimal | None:
        row = self.session.execute(
            select(ln.c.price, ln.c.factor)
            .join(d, d.c.id == ln.c.document_id)
            .where(
                d.c.partner_id == partner_id,
                d.c.type == DocumentType.SALES_DELIVERY.value,
                d.c.status == Status.APPROVED.value,
                ln.c.product_id == product_id,
                ln.c.removed.is_(False),
                ln.c.price.is_not(None),
            )
            .order_by(d.c.date.desc(), d.c.id.desc(), ln.c.line_no.desc())
            .limit(1)
        ).first()
        return None if row is None else row.price / row.factor

    def min_prices(self, product_ids: Sequence[int]) -> dict[int, Decimal]:
        p = catalog.product
        rows = self.session.execute(
            select(p.c.id, p.c.code, p.c.min_sale_price).where(
                p.c.id.in_(product_ids), p.c.min_sale_price.is_not(None)
            )
        )
        return {r.id: r.min_sale_price for r in rows}

    def set_customer_price(self, partner_id: int, product_id: int, price: Decimal | None) -> None:
        cp = trading.customer_price
        where = and_(cp.c.partner_id == partner_id, cp.c.product_id == product_id)
        self.session.execute(delete(cp).where(where))
        if price is not None:
            self.session.execute(
                insert(cp).values(
                    partner_id=partner_id,
                    product_id=product_id,
                    price=price,
                    updated_at=clock.now(),
                )
            )

    def set_level_price(self, product_id: int, level: int, price: Decimal | None) -> None:
        lp = trading.level_price
        where = and_(lp.c.product_id == product_id, lp.c.level == level)
        self.session.execute(delete(lp).where(where))
        if price is not None:
            self.session.execute(
                insert(lp).values(
                    product_id=product_id, level=level, price=price, updated_at=clock.now()
                )
            )


_rule = trading.approval_rule
_RULES = select(
    _rule.c.id, _rule.c.document_type, _rule.c.min_amount, _rule.c.steps, _rule.c.condition
).order_by(_rule.c.id)
_RULES_OF_TYPE = _RULES.where(_rule.c.document_type == bindparam("type"))


class SqlApprovalRules:
    def __init__(self, session: Session):
        self.session = session

    def rules(self, document_type: str | None = None) -> list[Rule]:
        if document_type is None:
            rows = self.session.connection().execute(_RULES)
        else:
            rows = self.session.connection().execute(_RULES_OF_TYPE, {"type": document_type})
        return [
            Rule(
                row.id,
                row.document_type,
                row.min_amount,
                tuple(Step(**s) for s in row.steps),
                row.condition,
            )
            for row in rows
        ]

    def add(
        self,
        document_type: str,
        min_amount: Decimal | None,
        condition: str | None,
        steps: list[Step],
    ) -> int:
        now = clock.now()
        return int(
            self.session.execute(
                insert(trading.approval_rule)
                .values(
                    document_type=document_type,
                    min_amount=min_amount,
                    condition=condition,
                    steps=_steps_data(steps),
                    created_at=now,
                    updated_at=now,
                )
                .returning(trading.approval_rule.c.id)
            ).scalar_one()
        )

    def update(self, rule: Rule) -> bool:
        r = trading.approval_rule
        result = self.session.execute(
            r.update()
            .where(r.c.id == rule.id)
            .values(
                document_type=rule.document_type,
                min_amount=rule.min_amount,
                condition=rule.condition,
                steps=_steps_data(rule.steps),
                updated_at=clock.now(),
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def delete(self, rule_id: int) -> bool:
        r = trading.approval_rule
        result = self.session.execute(delete(r).where(r.c.id == rule_id))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def approvers(self, document_id: int, last: int) -> list[int | None]:
        """Who took the ``last`` approve steps of a document (its current round: a rejection
        or 反审核 starts the count again, so these are the latest ones)."""
        if last <= 0:
            return []
        ar = trading.approval_record
        return list(
            self.session.scalars(
                select(ar.c.user_id)
                .where(ar.c.document_id == document_id, ar.c.action == "approve")
                .order_by(ar.c.id.desc())
                .limit(last)
            )
        )

    def record(
        self, document_id: int, step: int, action: str, user_id: int | None, comment: str
    ) -> None:
        self.session.execute(
            insert(trading.approval_record).values(
                document_id=document_id,
                step=step,
                action=action,
                user_id=user_id,
                comment=comment,
                at=clock.now(),
            )
        )


def _steps_data(steps: Sequence[Step]) -> list[dict[str, object]]:
    return [{"role": s.role} if s.role else {"user_id": s.user_id} for s in steps]
