"""Opening receivables and payables (期初应收应付) from a file, through the partner ledger."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from openjxc.adapters.db.tables import catalog, trading
from openjxc.adapters.files.tables import read_upload
from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import PermissionDenied, ValidationError
from openjxc.services.imports import engine
from openjxc.services.inventory import periods
from tests.integration.imports.conftest import csv_bytes

PARTNERS = [
    ["单位编码", "单位名称", "类型"],
    ["C001", "鲜果贸易", "客户"],
    ["S001", "牧场乳业", "供应商"],
]
HEADER = ["往来单位编码", "账户", "金额", "到期日"]
GOOD = [
    ["C001", "应收", "1200.50", "2027-01-31"],
    ["C001", "receivable", "-100", ""],  # paid in advance (预收)
    ["S001", "应付", "800", "2027-02-28"],
]


@pytest.fixture
def partners(system: System, hq: None) -> None:
    done = engine.import_and_confirm(
        "partners", "c.csv", csv_bytes(PARTNERS), Actor.system(), system.uow(), read_upload
    )
    assert done.dry_run.counts["create"] == 2


def _dry(system: System, content: bytes, actor: Actor | None = None):
    return engine.dry_run_import(
        "opening_balances", "b.csv", content, actor or Actor.system(), system.uow(), read_upload
    )


def _confirm(system: System, content: bytes):
    result = _dry(system, content)
    assert result.record.id is not None
    return engine.confirm_import(result.record.id, Actor.system(), system.uow(), read_upload)


def _entries(system: System) -> list[tuple[str, str, Decimal, object, str]]:
    entry, partner = trading.partner_entry, catalog.partner
    query = (
        select(partner.c.code, entry.c.account, entry.c.amount, entry.c.due_date, entry.c.source)
        .join(partner, partner.c.id == entry.c.partner_id)
        .order_by(entry.c.id)
    )
    with system.engine.connect() as connection:
        return [(p, str(a), m, d, str(s)) for p, a, m, d, s in connection.execute(query)]


def _issues(result) -> list[tuple[int, str, str]]:
    return [(i.row, i.column, i.code) for i in result.dry_run.errors]


@pytest.mark.usefixtures("partners")
def test_opening_balances_are_posted_once(system: System) -> None:
    content = csv_bytes([HEADER, *GOOD])
    assert _dry(system, content).dry_run.counts["create"] == 3
    assert _entries(system) == []
    _confirm(system, content)
    entries = _entries(system)
    assert [(p, a, m) for p, a, m, _d, _s in entries] == [
        ("C001", "receivable", Decimal("1200.50")),
        ("C001", "receivable", Decimal("-100")),
        ("S001", "payable", Decimal("800")),
    ]
    assert str(entries[0][3]) == "2027-01-31"
    assert entries[1][3] == clock.today()  # no due date: the opening date
    assert {s for *_x, s in entries} == {"opening"}

    again = _dry(system, content)
    assert again.dry_run.counts["unchanged"] == 3
    _confirm(system, content)
    assert len(_entries(system)) == 3


@pytest.mark.usefixtures("partners")
def test_each_rule_is_the_partner_ledgers_own(system: System) -> None:
    last_month = clock.today().replace(day=1) - timedelta(days=1)
    periods.close_period(f"{last_month:%Y-%m}", Actor.system(), system.uow())
    header = [*HEADER, "期初日期"]
    rows = [
        ["NOPE", "应收", "10", "", ""],
        ["S001", "应收", "10", "", ""],
        ["C001", "应收", "0", "", ""],
        ["C001", "应付", "10", "", ""],
        ["C001", "应收", "10", "2027-03-01", last_month.isoformat()],
        ["C001", "其他", "10", "", ""],
        ["S001", "应付", "10", "2027-01-01", ""],
        ["S001", "应付", "20", "2027-01-01", ""],
    ]
    result = _dry(system, csv_bytes([header, *rows]))
    codes = _issues(result)
    assert codes[:4] == [
        (2, "partner", "unknown_reference"),
        (3, "partner", "wrong_partner_kind"),
        (4, "amount", "not_positive"),
        (5, "partner", "wrong_partner_kind"),
    ]
    assert codes[4][:2] == (6, "date")
    assert codes[5:] == [(7, "account", "invalid_choice"), (9, "partner", "duplicate_in_file")]


@pytest.mark.usefixtures("partners")
def test_an_error_in_the_last_row_writes_nothing(system: System) -> None:
    content = csv_bytes([HEADER, *GOOD, ["S001", "应收", "5", ""]])
    with pytest.raises(ValidationError) as refused:
        _confirm(system, content)
    assert refused.value.code == "import_has_errors"
    assert _entries(system) == []


@pytest.mark.usefixtures("partners")
def test_importing_balances_needs_the_payment_permission(system: System) -> None:
    clerk = Actor(None, "clerk", frozenset({"partner.read"}))
    with pytest.raises(PermissionDenied):
        _dry(system, csv_bytes([HEADER, *GOOD]), clerk)
