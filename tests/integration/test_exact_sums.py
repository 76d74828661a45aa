"""Sums past 64 bits stay exact: PostgreSQL sums BIGINT as NUMERIC, and SQLite, whose SUM
stops at 2**63, sums again in Python integers once it overflows (adapters/db/engine.py)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from sqlalchemy import Column, Integer, MetaData, Table, func, select, type_coerce

from openjxc.adapters.db.engine import make_engine
from openjxc.adapters.db.types import Scaled
from openjxc.bootstrap import System

BIGINT = 2**63 - 1
figures = Table(
    "exact_sum_test",
    MetaData(),
    Column("grp", Integer),
    Column("amount", Scaled(2)),
    prefixes=["TEMPORARY"],
)


def test_a_sum_past_64_bits_is_exact_on_both_databases(system: System, tmp_path: Path) -> None:
    # SQLite: an engine of its own, so the shared one keeps its native SUM for other tests
    own = system.engine.dialect.name == "sqlite"
    engine = make_engine(f"sqlite:///{tmp_path / 'sums.db'}") if own else system.engine
    largest = Decimal(10**16) - Decimal("0.01")  # the largest amount stored (10**18 - 1 fen)
    rows = [{"grp": 1, "amount": largest}, {"grp": 2, "amount": Decimal(5)}]
    rows += [{"grp": 2, "amount": largest}] * 10
    with engine.begin() as connection:
        figures.create(connection)
        connection.execute(figures.insert(), rows)
        total = type_coerce(func.sum(figures.c.amount), Scaled(2))
        assert (largest * 11).scaleb(2) > BIGINT
        assert connection.execute(select(total)).scalar_one() == largest * 11 + 5
        by_group = select(figures.c.grp, total).group_by(figures.c.grp).order_by(figures.c.grp)
        assert connection.execute(by_group).all() == [(1, largest), (2, largest * 10 + 5)]
        window = func.sum(figures.c.amount).over(order_by=figures.c.amount)
        running = select(type_coerce(window, Scaled(2))).order_by(figures.c.amount)
        assert connection.execute(running).scalars().all()[-1] == largest * 11 + 5
        figures.drop(connection)
    if own:
        engine.dispose()
