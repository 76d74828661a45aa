"""Periods (结账): a closed month takes no postings; only the latest can be reopened."""

from __future__ import annotations

from datetime import date
from typing import Any

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.shared import clock
from openjxc.domain.shared.business_dates import month_of
from openjxc.domain.shared.errors import ValidationError
from openjxc.services.business_dates import require_business_date
from openjxc.services.unit_of_work import UnitOfWork


def parse_month(value: str) -> str:
    """``YYYY-MM``, or a ValidationError."""
    try:
        year, month = value.split("-")
        if len(year) != 4 or len(month) != 2:
            raise ValueError
        date(int(year), int(month), 1)
    except ValueError:
        raise ValidationError("invalid_month", field="month", value=value[:20]) from None
    return value


def require_open(uow: UnitOfWork, day: date) -> None:
    """Refuse any posting or edit dated in a closed month."""
    latest = uow.periods.latest_closed()
    if latest is not None and month_of(day) <= latest:
        raise ValidationError(
            "period_closed", field="date", month=month_of(day), closed_through=latest
        )


def require_postable(uow: UnitOfWork, day: date, field: str = "date") -> None:
    """A date a draft or posting is given: within the business range, in an open month."""
    require_business_date(uow, day, field)
    require_open(uow, day)


#: unposted documents named in a refusal's message (every one is in its details)
NAMED = 10


def close_period(month: str, actor: Actor, uow: UnitOfWork) -> list[str]:
    """Close a month and every open month before it, oldest first, each with its snapshot.

    Refused while any of those months holds a draft or a document awaiting approval: closed,
    its month would strand it (it could never be approved or voided). Returns the months closed.
    """
    actor.require(Permission.PERIOD_CLOSE)
    month = parse_month(month)
    with uow:
        latest = uow.periods.latest_closed()
        if latest is not None and month <= latest:
            raise ValidationError("period_already_closed", field="month", month=month)
        if month >= month_of(clock.today()):
            raise ValidationError("period_not_ended", field="month", month=month)
        pending = uow.periods.unposted_documents(month)
        if pending:
            raise _unposted(month, pending)
        months = uow.periods.open_months_through(month)
        at = clock.now()
        for each in months:
            uow.periods.close(each, actor.user_id, at)
            uow.audit.record(actor, "period.close", "period", each)
        uow.commit()
    return months


def _unposted(month: str, pending: list[dict[str, Any]]) -> ValidationError:
    numbers = ", ".join(row["number"] for row in pending[:NAMED])
    if len(pending) > NAMED:
        numbers += " …"
    details = [
        {
            "code": "unposted_document",
            "number": row["number"],
            "date": row["date"].isoformat(),
            "status": str(row["status"]),
            "kind": row["kind"],
        }
        for row in pending
    ]
    return ValidationError(
        "period_has_unposted_documents",
        details=details,
        month=month,
        count=len(pending),
        numbers=numbers,
    )


def reopen_period(month: str, actor: Actor, uow: UnitOfWork) -> None:
    """Reopen the latest closed month (and drop its snapshot)."""
    actor.require(Permission.PERIOD_CLOSE)
    month = parse_month(month)
    with uow:
        latest = uow.periods.latest_closed()
        if latest != month:
            raise ValidationError(
                "period_not_latest", field="month", month=month, latest=latest or "-"
            )
        uow.periods.reopen(month)
        uow.audit.record(actor, "period.reopen", "period", month)
        uow.commit()
