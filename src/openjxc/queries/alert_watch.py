"""What the alert jobs observe: every subject across a rule's line now, with its message.

Read over every warehouse and organisation (the jobs act for the system); who is told is
decided by ``services.alerts`` from each subject's warehouse and organisation. The lines
themselves are the reports' own definitions (库存预警, 临期批次, 逾期采购订单, 账龄), so an
alert and the report it links to never disagree.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import BigInteger, and_, func, select, type_coerce
from sqlalchemy.orm import Session

from openjxc.adapters.db.tables import catalog, inventory, trading
from openjxc.adapters.db.types import money_of
from openjxc.domain.access.actor import Actor
from openjxc.domain.alerts import messages
from openjxc.domain.alerts.rules import Observation, Rule
from openjxc.domain.documents.types import DocumentType
from openjxc.domain.trading.accounts import Account
from openjxc.queries.reports.alerts import above_max, below_safety, on_hand_of_setting
from openjxc.queries.trading.ledger import live, settled_sums
from openjxc.queries.trading.orders import overdue_orders

p, w, pt = catalog.product, catalog.warehouse, catalog.partner
ss, sb = catalog.stock_setting, inventory.stock_balance
bb, bt = inventory.batch_balance, inventory.batch
e = trading.partner_entry

#: 临期: a batch in stock whose expiry is at most this many days away (or past)
EXPIRY_DAYS = 30


def stock_levels(session: Session) -> dict[Rule, list[Observation]]:
    """Products below their safety stock, and above their maximum, per warehouse."""
    on_hand = on_hand_of_setting()
    below, above = below_safety(on_hand), above_max(on_hand)
    rows = session.execute(
        select(
            p.c.id.label("product_id"),
            p.c.code.label("product"),
            p.c.name,
            p.c.base_unit,
            w.c.id.label("warehouse_id"),
            w.c.code.label("warehouse"),
            w.c.name.label("warehouse_name"),
            w.c.organisation_id,
            sb.c.on_hand,
            ss.c.safety_stock,
            ss.c.max_stock,
            below.label("below"),
        )
        .select_from(ss)
        .join(p, p.c.id == ss.c.product_id)
        .join(w, w.c.id == ss.c.warehouse_id)
        .outerjoin(
            sb, and_(sb.c.product_id == ss.c.product_id, sb.c.warehouse_id == ss.c.warehouse_id)
        )
        .where(below | above, p.c.active.is_(True))
    )
    found: dict[Rule, list[Observation]] = {Rule.BELOW_SAFETY: [], Rule.ABOVE_MAX: []}
    for r in rows:
        qty = r.on_hand or Decimal(0)
        if r.below:
            rule = Rule.BELOW_SAFETY
            title, body = messages.below_safety(
                r.product, r.name, r.warehouse_name, qty, r.safety_stock, r.base_unit
            )
        else:
            rule = Rule.ABOVE_MAX
            title, body = messages.above_max(
                r.product, r.name, r.warehouse_name, qty, r.max_stock, r.base_unit
            )
        found[rule].append(
            Observation(
                rule,
                f"p{r.product_id}:w{r.warehouse_id}",
                title,
                body,
                messages.stock_link(r.product, r.warehouse),
                r.warehouse_id,
                r.organisation_id,
            )
        )
    return found


def expiring_batches(session: Session, today: date, days: int = EXPIRY_DAYS) -> list[Observation]:
    """Batches in stock expiring within ``days`` (or already expired), per warehouse."""
    limit = today + timedelta(days=days)
    rows = session.execute(
        select(
            bt.c.id.label("batch_id"),
            bt.c.batch_no,
            bt.c.expiry_date,
            p.c.code.label("product"),
            p.c.name,
            p.c.base_unit,
            w.c.id.label("warehouse_id"),
            w.c.code.label("warehouse"),
            w.c.name.label("warehouse_name"),
            w.c.organisation_id,
            bb.c.on_hand,
        )
        .select_from(bb)
        .join(bt, bt.c.id == bb.c.batch_id)
        .join(p, p.c.id == bb.c.product_id)
        .join(w, w.c.id == bb.c.warehouse_id)
        .where(bb.c.on_hand > 0, bt.c.expiry_date <= limit)
    )
    found = []
    for r in rows:
        title, body = messages.batch_expiring(
            r.product,
            r.name,
            r.warehouse_name,
            r.batch_no,
            r.expiry_date,
            today,
            r.on_hand,
            r.base_unit,
        )
        found.append(
            Observation(
                Rule.BATCH_EXPIRING,
                f"b{r.batch_id}:w{r.warehouse_id}",
                title,
                body,
                messages.stock_link(r.product, r.warehouse),
                r.warehouse_id,
                r.organisation_id,
            )
        )
    return found


def overdue_purchase_orders(session: Session, today: date) -> list[Observation]:
    """Approved purchase orders past their expected date with quantity still to receive."""
    rows, _ = overdue_orders(
        session, Actor.system(), DocumentType.PURCHASE_ORDER.value, today, limit=1_000_000
    )
    found = []
    for r in rows:
        title, body = messages.purchase_order_overdue(
            r["number"], r["partner_name"], r["expected_date"], today, r["open_qty"]
        )
        found.append(
            Observation(
                Rule.PURCHASE_ORDER_OVERDUE,
                f"d{r['id']}",
                title,
                body,
                f"/documents/{r['number']}",
                r["warehouse_id"],
                r["organisation_id"],
            )
        )
    return found


def overdue_receivables(session: Session, today: date, days: int = 0) -> list[Observation]:
    """Customers owing charges due more than ``days`` days ago, per organisation (store)."""
    done = settled_sums()
    due = func.coalesce(e.c.due_date, e.c.date)
    raw = type_coerce(e.c.amount, BigInteger)  # stored integers: exact sums, no conversion
    open_ = raw - func.coalesce(done.c.settled, 0)
    entries = (
        select(e.c.partner_id, e.c.organisation_id, open_.label("open"))
        .outerjoin(done, done.c.entry_id == e.c.id)
        .where(
            e.c.account == Account.RECEIVABLE.value,
            raw > 0,
            due < today - timedelta(days=days),
            live(),
        )
        .subquery()
    )
    sums = (
        select(
            entries.c.partner_id,
            entries.c.organisation_id,
            func.sum(entries.c.open).label("open"),
        )
        .group_by(entries.c.partner_id, entries.c.organisation_id)
        .having(func.sum(entries.c.open) > 0)
        .subquery()
    )
    rows = session.execute(
        select(pt.c.id, pt.c.code, pt.c.name, sums.c.organisation_id, sums.c.open).join(
            pt, pt.c.id == sums.c.partner_id
        )
    )
    found = []
    for r in rows:
        amount = money_of(int(r.open))  # stored integers (PostgreSQL's SUM: numeric)
        title, body = messages.receivable_overdue(r.code, r.name, amount, days)
        organisation = r.organisation_id
        found.append(
            Observation(
                Rule.RECEIVABLE_OVERDUE,
                f"c{r.id}:o{organisation if organisation is not None else '-'}",
                title,
                body,
                messages.statement_link(r.code),
                None,
                organisation,
            )
        )
    return found
