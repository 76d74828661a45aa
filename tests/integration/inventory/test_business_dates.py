"""Postings are dated within the business range; period code handles any date (issue #16 §3)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from openjxc.adapters.db.tables import inventory
from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.shared import clock
from openjxc.domain.shared.business_dates import years_later
from openjxc.domain.shared.errors import ValidationError
from openjxc.services import business_dates, partners
from openjxc.services.inventory import approval, periods
from openjxc.services.trading import partner_ledger, payments
from tests.integration.inventory.conftest import Post, doctor


def _refused(call: object) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        call()  # type: ignore[operator]
    return error.value


def test_a_document_dated_in_year_one_is_refused_with_a_clear_error(post: Post) -> None:
    error = _refused(lambda: post("opening_stock", ("MA", "1", "2"), day=date(1, 1, 1)))
    assert error.code == "date_out_of_range"
    assert error.params == {
        "field": "date",
        "value": "0001-01-01",
        "earliest": "2000-01-01",
        "latest": years_later(clock.today(), 1).isoformat(),
    }


def test_postings_are_dated_from_2000_to_a_year_from_today(post: Post) -> None:
    latest = years_later(clock.today(), 1)
    post("opening_stock", ("MA", "1", "2"), day=date(2000, 1, 1), approve=False)
    post("opening_stock", ("MA", "1", "2"), day=latest, approve=False)
    for day in (date(1999, 12, 31), latest + timedelta(days=1), date(9999, 12, 31)):
        error = _refused(lambda d=day: post("opening_stock", ("MA", "1", "2"), day=d))
        assert error.code == "date_out_of_range"


def test_payments_and_opening_balances_keep_the_range_too(world: System, admin: Actor) -> None:
    partners.create_partner(partners.PartnerData("C1", "客户", "customer"), admin, world.uow())
    receipt = payments.PaymentInput("customer_receipt", date(1, 1, 1), "C1", "10")
    assert _refused(lambda: payments.create_payment(receipt, admin, world.uow())).code == (
        "date_out_of_range"
    )
    opening = partner_ledger.OpeningInput("C1", "receivable", "10", date(3000, 1, 1))
    assert _refused(
        lambda: partner_ledger.create_opening_balance(opening, admin, world.uow())
    ).code == ("date_out_of_range")


def test_the_range_is_configurable(post: Post, world: System, admin: Actor) -> None:
    business_dates.set_business_dates("1990-01-01", "2", admin, world.uow())
    post("opening_stock", ("MA", "1", "2"), day=date(1995, 6, 1))
    assert business_dates.get_business_dates(admin, world.uow()).years_ahead == 2
    assert _refused(
        lambda: business_dates.set_business_dates("0001-01-01", "1", admin, world.uow())
    ).code == ("out_of_range")


def test_a_draft_dated_in_year_one_never_breaks_closing_a_month(
    post: Post, world: System, admin: Actor
) -> None:
    """A draft stored before the range existed (or typed in by SQL): approving it is refused,
    voiding it works, and closing a month names it (it would be stranded) until it is void."""
    post("opening_stock", ("MA", "10", "2.00"), day=date(2026, 8, 3))
    number = post("other_receipt", ("MA", "1", "2.00"), day=date(2026, 8, 4), approve=False)
    with world.engine.begin() as connection:
        connection.execute(
            update(inventory.document)
            .where(inventory.document.c.number == number)
            .values(date=date(1, 1, 1))
        )
    assert _refused(lambda: approval.approve_document(number, admin, world.uow())).code == (
        "date_out_of_range"
    )
    refused = _refused(lambda: periods.close_period("2026-08", admin, world.uow()))
    assert (refused.code, refused.details[0]["date"]) == (
        "period_has_unposted_documents",
        "0001-01-01",
    )
    approval.void_document(number, admin, world.uow())
    periods.close_period("2026-08", admin, world.uow())
    periods.close_period("2026-09", admin, world.uow())
    periods.reopen_period("2026-09", admin, world.uow())
    periods.close_period("2026-09", admin, world.uow())
    assert doctor(world) == []


def test_a_posting_dated_in_year_one_closes_with_four_digit_months(
    post: Post, world: System, admin: Actor
) -> None:
    """Period code handles any valid date: months are ``YYYY-MM`` with four digits."""
    post("opening_stock", ("MA", "10", "2.00"), day=date(2026, 8, 3))
    with world.engine.begin() as connection:  # the posting as an old release could store it
        for table in (inventory.document, inventory.stock_move):
            connection.execute(update(table).values(date=date(1, 12, 20)))
    periods.close_period("0002-01", admin, world.uow())
    with world.read_sessions() as session:
        months = set(session.scalars(select(inventory.period_total.c.month)))
    assert months == {"0001-12", "0002-01"}
    assert doctor(world) == []


def test_the_operator_shows_and_moves_the_range_with_jxc_period_dates(
    world: System, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from openjxc.entrypoints.cli.main import app

    url, env = world.settings.database_url, {"JXC_DATA_DIR": str(tmp_path)}
    shown = CliRunner().invoke(app, ["--database-url", url, "period", "dates"], env=env)
    assert shown.exit_code == 0, shown.output
    assert "2000-01-01" in shown.output
    moved = ["--database-url", url, "period", "dates", "--earliest", "1998-01-01"]
    assert CliRunner().invoke(app, moved, env=env).exit_code == 0
    assert business_dates.get_business_dates(Actor.system(), world.uow()).earliest == date(
        1998, 1, 1
    )
