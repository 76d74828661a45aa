"""Repositories of trading: the partner ledger, settlements, the links between lines."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import (
    and_,
    bindparam,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
    type_coerce,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, aliased

from openjxc.adapters.db.tables import catalog, inventory, trading
from openjxc.adapters.db.types import money_of, qty_of
from openjxc.domain.documents.approval_rules import Rule, Step
from openjxc.domain.documents.status import Status
from openjxc.domain.documents.types import DocumentType
from openjxc.domain.shared import clock, limits
from openjxc.domain.shared.numbers import ZERO
from openjxc.domain.trading.accounts import Account, OpenItem
from openjxc.services.trading.ports import NewEntry, StoredEntry

e, pb, s = trading.partner_entry, trading.partner_balance, trading.settlement
d, ln = inventory.document, inventory.document_line


_later = aliased(e)
# in effect: not a reversal, and not reversed (partner_entry.reverses_entry_id is indexed)
_LIVE = and_(
    e.c.reverses_entry_id.is_(None),
    ~exists().where(_later.c.reverses_entry_id == e.c.id),
)
_SETTLED = type_coerce(  # per entry, charges and credits alike, net of undone settlements
    select(func.coalesce(func.sum(s.c.amount), 0))
    .where(s.c.charge_entry_id == e.c.id)
    .scalar_subquery()
    + select(func.coalesce(func.sum(s.c.amount), 0))
    .where(s.c.credit_entry_id == e.c.id)
    .scalar_subquery(),
    s.c.amount.type,  # a sum of scaled amounts (PostgreSQL's NUMERIC, SQLite's integer)
)
_ITEMS = (
    select(e.c.id, e.c.number, e.c.date, e.c.due_date, e.c.amount, _SETTLED.label("settled"))
    .where(e.c.partner_id == bindparam("partner"), e.c.account == bindparam("account"), _LIVE)
    .order_by(e.c.date, e.c.id)
)
# statements built once (hot in every posting and settlement)
_WITHIN = e.c.organisation_id.in_(bindparam("orgs", expanding=True))
_OPEN_ITEMS = {
    (True, False): _ITEMS.where(e.c.amount < 0),
    (False, False): _ITEMS.where(e.c.amount > 0),
    (True, True): _ITEMS.where(e.c.amount < 0, _WITHIN),
    (False, True): _ITEMS.where(e.c.amount > 0, _WITHIN),
}
_SETTLED_OF = select(e.c.id, _SETTLED.label("settled")).where(
    e.c.id.in_(bindparam("entries", expanding=True))
)
_BALANCE = select(pb.c.balance).where(
    pb.c.partner_id == bindparam("partner"), pb.c.account == bindparam("account")
)
_BALANCE_FOR_UPDATE = _BALANCE.with_for_update()
_ADD_TO_BALANCE = (
    update(pb)
    .where(pb.c.partner_id == bindparam("partner"), pb.c.account == bindparam("acct"))
    .values(balance=pb.c.balance + bindparam("amount", type_=pb.c.balance.type))
    .returning(pb.c.balance)
)
_NEW_BALANCE = {
    "postgresql": pg_insert(pb).on_conflict_do_nothing(),
    "sqlite": sqlite_insert(pb).on_conflict_do_nothing(),
}
_NEW_ENTRY = insert(e).returning(e.c.id)


class SqlPartnerLedger:
    def __init__(self, session: Session):
        self.session = session

    def lock(self, partner_id: int, account: Account) -> Decimal:
        connection = self.session.connection()
        dialect = connection.dialect.name
        connection.execute(
            _NEW_BALANCE[dialect], {"partner_id": partner_id, "account": account, "balance": ZERO}
        )
        query = _BALANCE_FOR_UPDATE if dialect == "postgresql" else _BALANCE
        return Decimal(
            connection.execute(query, {"partner": partner_id, "account": account}).scalar_one()
        )

    def post(self, entry: NewEntry) -> int:
        connection = self.session.connection()
        entry_id = connection.execute(
            _NEW_ENTRY, {**vars(entry), "created_at": clock.now()}
        ).scalar_one()
        balance = connection.execute(
            _ADD_TO_BALANCE,
            {"partner": entry.partner_id, "acct": entry.account, "amount": entry.amount},
        ).scalar()
        # an entry is within a document's bound, so the balance reaches the ledger's long
        # before 64 bits; refused there, the transaction is rolled back by its unit of work
        if balance is not None:
            limits.within(balance, "amount", "money", limits.LEDGER_BOUND)
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
            e.c.organisation_id,
        )
        if document_id is not None:
            query = query.where(e.c.document_id == document_id)
        if payment_id is not None:
            query = query.where(e.c.payment_id == payment_id)
        rows = self.session.execute(query.where(_LIVE).order_by(e.c.id))
        return [StoredEntry(**r._mapping) for r in rows]

    def open_items(
        self,
        partner_id: int,
        account: Account,
        credits: bool,
        within: frozenset[int] | None = None,
    ) -> list[OpenItem]:
        params: dict[str, object] = {"partner": partner_id, "account": account}
        if within is not None:
            params["orgs"] = sorted(within)
        statement = _OPEN_ITEMS[credits, within is not None]
        rows = self.session.connection().execute(statement, params)
        items = []
        for r in rows:
            open_ = abs(r.amount) - money_of(r.settled)
            if open_ > ZERO:
                items.append(OpenItem(r.id, r.number, r.date, r.due_date, r.amount, open_))
        return items

    def settled(self, entry_ids: Sequence[int]) -> dict[int, Decimal]:
        if not entry_ids:
            return {}
        rows = self.session.connection().execute(_SETTLED_OF, {"entries": list(entry_ids)})
        return {r[0]: money_of(r[1]) for r in rows if money_of(r[1]) != ZERO}

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


_DOCUMENTS_OF = select(ln.c.id, ln.c.document_id).where(
    ln.c.id.in_(bindparam("lines", expanding=True)), ln.c.removed.is_(False)
)
_SOURCED = (  # what approved lines naming each source line took (ids start at 1: 0 is none)
    select(ln.c.source_line_id, func.sum(ln.c.base_qty))
    .join(d, d.c.id == ln.c.document_id)
    .where(
        ln.c.source_line_id.in_(bindparam("lines", expanding=True)),
        ln.c.removed.is_(False),
        d.c.status == Status.APPROVED.value,
        d.c.red_letter.is_(False),  # it names what it negates, and moves none of it
        d.c.id != bindparam("exclude"),
    )
    .group_by(ln.c.source_line_id)
)


class SqlTradeLines:
    def __init__(self, session: Session):
        self.session = session

    def documents_of(self, line_ids: Sequence[int]) -> dict[int, int]:
        if not line_ids:
            return {}
        rows = self.session.connection().execute(_DOCUMENTS_OF, {"lines": list(line_ids)})
        return {r[0]: r[1] for r in rows}

    def sourced_qty(
        self, line_ids: Sequence[int], exclude_document_id: int | None = None
    ) -> dict[int, Decimal]:
        if not line_ids:
            return {}
        params = {"lines": list(line_ids), "exclude": exclude_document_id or 0}
        return {r[0]: qty_of(r[1]) for r in self.session.connection().execute(_SOURCED, params)}

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

    def drafts_of(self, document_id: int, kind: str) -> list[int]:
        source = aliased(ln)
        rows = self.session.execute(
            select(d.c.id)
            .distinct()
            .join(ln, ln.c.document_id == d.c.id)
            .join(source, source.c.id == ln.c.source_line_id)
            .where(
                source.c.document_id == document_id,
                d.c.type == kind,
                d.c.status == Status.DRAFT.value,
                ln.c.removed.is_(False),
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
