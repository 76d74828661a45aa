"""A realistic stock history written in bulk, for `jxc bench gen` (and `jxc doctor` accepts it).

Products, warehouses, categories, suppliers and customers, then day by day documents
(receipts at a cost, issues, transfers between warehouses; most receipts are 采购入库 from a
supplier and most issues 销售出库 to a customer, priced with 13% VAT and posted to the
partner ledger) of about 20 lines each, valued with the project's own pure
moving-average code, so every move carries exact running balances. Rows go to the database
in large Core batches of pre-scaled integers (the exact column type's per-value checks
would dominate at millions of rows). Every complete month is closed with its snapshot and
its totals, and
the balance caches are written at the end.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, Column, MetaData, String, Table, insert, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from openjxc.adapters.db.snapshots import store_month_totals
from openjxc.adapters.db.tables import catalog, inventory, trading
from openjxc.adapters.db.types import EnumText, Scaled
from openjxc.domain.inventory.valuation import (
    MovingAverageState,
    ValuationState,
    issue,
    receive,
)
from openjxc.domain.shared import clock
from openjxc.domain.shared.numbers import MONEY_SCALE, PRICE_SCALE, QTY_SCALE, RATE_SCALE
from openjxc.queries.reports.period_totals import month_totals

CHUNK = 20_000
LINES = 20  # lines per document, on average


def raw_table(table: Table) -> Table:
    """The same table with plain integer/text columns: values go in pre-scaled."""
    columns = []
    for c in table.columns:
        kind = c.type
        if isinstance(kind, Scaled):
            kind = BigInteger()
        elif isinstance(kind, EnumText):
            kind = String(32)
        columns.append(Column(c.name, kind, primary_key=c.primary_key))
    return Table(table.name, MetaData(), *columns)


_RAW = {
    t.name: raw_table(t)
    for t in (
        inventory.document,
        inventory.document_line,
        inventory.stock_move,
        inventory.stock_balance,
        inventory.period_snapshot,
        trading.partner_entry,
        trading.partner_balance,
    )
}
PARTNERS = 200  # customers; a quarter as many suppliers
TAX = Decimal("0.13")


def _q(value: Decimal) -> int:
    return int(value.scaleb(QTY_SCALE))


def _m(value: Decimal) -> int:
    return int(value.scaleb(MONEY_SCALE))


def _p(value: Decimal | None) -> int | None:
    return None if value is None else int(value.scaleb(PRICE_SCALE))


@dataclass
class Plan:
    products: int = 10_000
    warehouses: int = 20
    years: int = 3
    moves: int = 5_000_000
    seed: int = 1


@dataclass
class _Writer:
    engine: Engine
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    written: int = 0

    def add(self, table: str, row: dict[str, Any]) -> None:
        batch = self.rows.setdefault(table, [])
        batch.append(row)
        if table == "stock_move" and len(batch) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        with self.engine.begin() as connection:
            for name in (
                "document",
                "document_line",
                "stock_move",
                "period_snapshot",
                "partner_entry",
            ):
                batch = self.rows.get(name)
                if batch:
                    connection.execute(insert(_RAW[name]), batch)
                    if name == "stock_move":
                        self.written += len(batch)
                    batch.clear()


def generate(engine: Engine, plan: Plan, progress: Callable[[str], None]) -> dict[str, Any]:
    """Fill an empty, migrated database with ``plan``'s history; returns what was made."""
    rng = random.Random(plan.seed)
    now = clock.now()
    end = clock.today().replace(day=1) - timedelta(days=1)  # the last complete month's end
    start = date(end.year - plan.years, end.month, 1) + timedelta(days=32)
    start = start.replace(day=1)
    days = (end - start).days + 1
    organisation, warehouses, products, costs, units = _master_data(engine, plan, rng, now)
    partners = _partners(engine, now)
    writer = _Writer(engine)
    streams: dict[tuple[int, int], ValuationState] = {}
    last: dict[tuple[int, int], tuple[date, int]] = {}
    ids = {"document": 0, "document_line": 0, "stock_move": 0, "partner_entry": 0}
    owed: dict[tuple[int, str], Decimal] = {}
    month = start.strftime("%Y-%m")
    day, made = start, 0
    while day <= end:
        if day.strftime("%Y-%m") != month:
            _close(writer, month, streams, now)
            progress(f"{month}: {writer.written + len(writer.rows.get('stock_move', []))} moves")
            month = day.strftime("%Y-%m")
        seq = 0
        # moves spread evenly over the days: write until the running target for today is met
        while made < plan.moves * ((day - start).days + 1) // days:
            seq += 1
            made += _document(
                writer,
                rng,
                day,
                seq,
                ids,
                organisation,
                warehouses,
                products,
                costs,
                units,
                streams,
                last,
                now,
                partners,
                owed,
                opening=day == start,
            )
        day += timedelta(days=1)
    _close(writer, month, streams, now)
    writer.flush()
    _balances(engine, streams, last)
    _partner_balances(engine, owed)
    _advance_sequences(engine)
    with engine.begin() as connection:
        # planner statistics for the bulk-loaded tables, as autovacuum would gather them
        # later: without them PostgreSQL estimates one row per table and nests loops
        connection.execute(text("ANALYZE"))
    return {
        "from": start,
        "to": end,
        "moves": writer.written,
        "streams": len(streams),
        "products": len(products),
        "warehouses": len(warehouses),
    }


def _master_data(
    engine: Engine, plan: Plan, rng: random.Random, now: Any
) -> tuple[int, list[int], list[int], dict[int, Decimal], dict[int, str]]:
    o, w, c, p = catalog.organisation, catalog.warehouse, catalog.category, catalog.product
    stamp = {"created_at": now, "updated_at": now}
    with engine.begin() as connection:
        organisation = connection.execute(
            insert(o).values(code="HQ", name="总部", kind="headquarters", **stamp).returning(o.c.id)
        ).scalar_one()
        warehouses = list(
            connection.execute(
                insert(w).returning(w.c.id, sort_by_parameter_order=True),
                [
                    {
                        "code": f"W{i:02d}",
                        "name": f"仓库{i:02d}",
                        "organisation_id": organisation,
                        **stamp,
                    }
                    for i in range(plan.warehouses)
                ],
            ).scalars()
        )
        categories = list(
            connection.execute(
                insert(c).returning(c.c.id, sort_by_parameter_order=True),
                [{"code": f"C{i:02d}", "name": f"分类{i:02d}", **stamp} for i in range(20)],
            ).scalars()
        )
        costs: dict[int, Decimal] = {}
        units: dict[int, str] = {}
        rows = []
        for i in range(plan.products):
            cost = Decimal(rng.randint(50, 20_000)).scaleb(-2)
            rows.append(
                {
                    "code": f"P{i:05d}",
                    "name": f"商品{i:05d}",
                    "category_id": categories[i % len(categories)],
                    "base_unit": "个",
                    "tracking": "none",
                    "valuation_method": "moving_average",
                    "tax_rate": Decimal("0.13"),
                    "purchase_price": cost,
                    **stamp,
                }
            )
        products = list(
            connection.execute(
                insert(p).returning(p.c.id, sort_by_parameter_order=True), rows
            ).scalars()
        )
        for product, row in zip(products, rows, strict=True):
            costs[product], units[product] = row["purchase_price"], "个"
    return organisation, warehouses, products, costs, units


_KINDS = (
    ("other_receipt", "QTRK"),
    ("other_issue", "QTCK"),
    ("transfer", "DBD"),
    ("opening_stock", "QCD"),
)


def _draw_kind(
    rng: random.Random, warehouses: list[int], partners: dict[str, list[int]], opening: bool
) -> tuple[str, str, int, int | None, int | None]:
    """A document's type, prefix, warehouse, transfer target and partner, drawn at random."""
    roll = rng.random()
    kind, prefix = (
        _KINDS[3]
        if opening
        else _KINDS[0]
        if roll < 0.4
        else _KINDS[1]
        if roll < 0.88
        else _KINDS[2]
    )
    warehouse = rng.choice(warehouses)
    target = (
        rng.choice([x for x in warehouses if x != warehouse])
        if kind == "transfer" and len(warehouses) > 1
        else None
    )
    if kind == "transfer" and target is None:
        kind, prefix = _KINDS[1]
    partner = None
    if kind == "other_receipt" and rng.random() < 0.75:
        kind, prefix, partner = "purchase_receipt", "CGRK", rng.choice(partners["supplier"])
    elif kind == "other_issue" and rng.random() < 0.8:
        kind, prefix, partner = "sales_delivery", "XSCK", rng.choice(partners["customer"])
    return kind, prefix, warehouse, target, partner


def _document(
    writer: _Writer,
    rng: random.Random,
    day: date,
    seq: int,
    ids: dict[str, int],
    organisation: int,
    warehouses: list[int],
    products: list[int],
    costs: dict[int, Decimal],
    units: dict[int, str],
    streams: dict[tuple[int, int], ValuationState],
    last: dict[tuple[int, int], tuple[date, int]],
    now: Any,
    partners: dict[str, list[int]],
    owed: dict[tuple[int, str], Decimal],
    opening: bool,
) -> int:
    """One document of about ``LINES`` lines; returns the number of moves it made."""
    kind, prefix, warehouse, target, partner = _draw_kind(rng, warehouses, partners, opening)
    ids["document"] += 1
    doc = ids["document"]
    writer.add(
        "document",
        {
            "id": doc,
            "type": kind,
            "number": f"{prefix}{day:%Y%m%d}{seq:04d}",
            "date": day,
            "status": "approved",
            "organisation_id": organisation,
            "warehouse_id": warehouse,
            "to_warehouse_id": target,
            "partner_id": partner,
            "due_date": day + timedelta(days=30) if partner else None,
            "remarks": "",
            "two_step": False,
            "blind_count": False,
            "red_letter": False,
            "approved_at": now,
            "created_at": now,
            "updated_at": now,
        },
    )
    made, line_no, total = 0, 0, Decimal(0)
    for product in rng.sample(
        products, min(len(products), rng.randint(LINES // 2, LINES * 3 // 2))
    ):
        key = (product, warehouse)
        state = streams.get(key, MovingAverageState())
        inbound = kind in ("other_receipt", "opening_stock", "purchase_receipt")
        if inbound:
            qty = Decimal(rng.randint(20, 400))
            cost = (costs[product] * Decimal(rng.randint(90, 110)) / 100).quantize(Decimal("0.01"))
            amount = qty * cost
        else:
            qty = min(Decimal(rng.randint(1, 60)), state.qty)
            if qty <= 0:
                continue
        line_no += 1
        ids["document_line"] += 1
        line = ids["document_line"]
        trade: dict[str, Any] = dict.fromkeys(("price", "tax_rate", "net_amount", "tax"))
        if partner is not None:
            markup = Decimal(1) if inbound else Decimal(rng.randint(110, 150)) / 100
            price = (cost if inbound else costs[product] * markup).quantize(Decimal("0.01"))
            net = qty * price
            tax = (net * TAX).quantize(Decimal("0.01"))
            total += net + tax
            trade = {"price": _p(price), "tax_rate": int(TAX.scaleb(RATE_SCALE))}
            trade |= {"net_amount": _m(net), "tax": _m(tax)}
        writer.add(
            "document_line",
            {
                "id": line,
                "document_id": doc,
                "line_no": line_no,
                "product_id": product,
                "unit": units[product],
                "qty": _q(qty),
                "factor": _q(Decimal(1)),
                "base_qty": _q(qty),
                "unit_cost": _p(cost) if inbound else None,
                "amount": _m(amount) if inbound else None,
                "remarks": "",
                "removed": False,
                **trade,
            },
        )
        if inbound:
            state, valued = receive(state, qty, value=amount)
            made += _move(writer, ids, doc, line, key, day, qty, "given", state, valued, last, now)
        else:
            state, valued = issue(state, qty)
            out = _move(writer, ids, doc, line, key, day, -qty, "cost", state, valued, last, now)
            made += out
            if target is not None:
                pair = ids["stock_move"]
                into = (product, target)
                other, received = receive(
                    streams.get(into, MovingAverageState()), qty, value=-valued.value
                )
                made += _move(
                    writer, ids, doc, line, into, day, qty, "pair", other, received, last, now, pair
                )
                streams[into] = other
        streams[key] = state
    if partner is not None and total:
        number = f"{prefix}{day:%Y%m%d}{seq:04d}"
        _entry(writer, ids, owed, (partner, organisation), kind, doc, number, day, total, now)
    return max(made, 1)


def _entry(
    writer: _Writer,
    ids: dict[str, int],
    owed: dict[tuple[int, str], Decimal],
    owner: tuple[int, int],  # partner, organisation
    kind: str,
    doc: int,
    number: str,
    day: date,
    total: Decimal,
    now: Any,
) -> None:
    """The document's charge in the partner ledger (应付 for a receipt, 应收 for a delivery)."""
    account = "payable" if kind == "purchase_receipt" else "receivable"
    partner, organisation = owner
    ids["partner_entry"] += 1
    writer.add(
        "partner_entry",
        {
            "id": ids["partner_entry"],
            "partner_id": partner,
            "account": account,
            "organisation_id": organisation,
            "date": day,
            "due_date": day + timedelta(days=30),
            "amount": _m(total),
            "source": kind,
            "number": number,
            "document_id": doc,
            "created_at": now,
        },
    )
    owed[(partner, account)] = owed.get((partner, account), Decimal(0)) + total


def _partners(engine: Engine, now: Any) -> dict[str, list[int]]:
    pt = catalog.partner
    stamp = {"created_at": now, "updated_at": now}
    made: dict[str, list[int]] = {}
    with engine.begin() as connection:
        for kind, prefix, count in (
            ("customer", "C", PARTNERS),
            ("supplier", "S", PARTNERS // 4),
        ):
            made[kind] = list(
                connection.execute(
                    insert(pt).returning(pt.c.id, sort_by_parameter_order=True),
                    [
                        {
                            "code": f"{prefix}{i:04d}",
                            "name": f"{kind}{i:04d}",
                            "kind": kind,
                            "payment_terms_days": 30,
                            **stamp,
                        }
                        for i in range(count)
                    ],
                ).scalars()
            )
    return made


def _partner_balances(engine: Engine, owed: dict[tuple[int, str], Decimal]) -> None:
    rows = [
        {"partner_id": partner, "account": account, "balance": _m(amount)}
        for (partner, account), amount in owed.items()
    ]
    if rows:
        with engine.begin() as connection:
            connection.execute(insert(_RAW["partner_balance"]), rows)


def _move(
    writer: _Writer,
    ids: dict[str, int],
    doc: int,
    line: int,
    key: tuple[int, int],
    day: date,
    qty: Decimal,
    basis: str,
    state: ValuationState,
    valued: Any,
    last: dict[tuple[int, int], tuple[date, int]],
    now: Any,
    pair: int | None = None,
) -> int:
    ids["stock_move"] += 1
    move = ids["stock_move"]
    writer.add(
        "stock_move",
        {
            "id": move,
            "document_id": doc,
            "line_id": line,
            "product_id": key[0],
            "warehouse_id": key[1],
            "date": day,
            "qty": _q(qty),
            "pair_move_id": pair,
            "basis": basis,
            "created_at": now,
            "value": _m(valued.value),
            "adjustment": _m(valued.adjustment),
            "unit_cost": _p(valued.unit_cost),
            "qty_after": _q(state.qty),
            "value_after": _m(state.value),
            "cost_after": _p(state.last_unit_cost),
        },
    )
    last[key] = (day, move)
    return 1


def _close(
    writer: _Writer, month: str, streams: dict[tuple[int, int], ValuationState], now: Any
) -> None:
    """Close ``month``: its period row, a snapshot of every stream that has moved and the
    month's totals (as closing a month does)."""
    writer.flush()
    with writer.engine.begin() as connection:
        connection.execute(insert(inventory.period).values(month=month, closed_at=now))
    for (product, warehouse), state in streams.items():
        writer.add(
            "period_snapshot",
            {
                "month": month,
                "product_id": product,
                "warehouse_id": warehouse,
                "qty": _q(state.qty),
                "value": _m(state.value),
            },
        )
        if len(writer.rows["period_snapshot"]) >= CHUNK:
            writer.flush()
    writer.flush()
    with Session(writer.engine) as session, session.begin():
        store_month_totals(session, month_totals, month, [month])


def _balances(
    engine: Engine,
    streams: dict[tuple[int, int], ValuationState],
    last: dict[tuple[int, int], tuple[date, int]],
) -> None:
    rows = [
        {
            "product_id": p,
            "warehouse_id": w,
            "on_hand": _q(s.qty),
            "value": _m(s.value),
            "reserved": 0,
            "last_unit_cost": _p(s.last_unit_cost),
            "last_move_date": last[(p, w)][0],
            "last_move_id": last[(p, w)][1],
        }
        for (p, w), s in streams.items()
    ]
    with engine.begin() as connection:
        for i in range(0, len(rows), CHUNK):
            connection.execute(insert(_RAW["stock_balance"]), rows[i : i + CHUNK])


def _advance_sequences(engine: Engine) -> None:
    """PostgreSQL: identity sequences past the ids written explicitly."""
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as connection:
        for table in ("document", "document_line", "stock_move", "partner_entry"):
            connection.execute(
                text(
                    # table names are the constants above, not input
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"  # noqa: S608
                )
            )


def is_empty(engine: Engine) -> bool:
    with engine.connect() as connection:
        return connection.execute(select(catalog.product.c.id).limit(1)).first() is None
