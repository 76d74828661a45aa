"""The range postings may be dated in (setting ``business_dates``; see the domain rule)."""

from __future__ import annotations

from datetime import date

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.shared import clock
from openjxc.domain.shared.business_dates import BusinessDates
from openjxc.services.unit_of_work import UnitOfWork

SETTING = "business_dates"


def require_business_date(uow: UnitOfWork, day: date, field: str = "date") -> None:
    """Refuse a posting or draft dated outside the configured range (inside a unit of work)."""
    BusinessDates.from_setting(uow.settings.get(SETTING)).check(day, clock.today(), field)


def get_business_dates(actor: Actor, uow: UnitOfWork) -> BusinessDates:
    """The range in force (2000-01-01 to a year from today until one is set)."""
    actor.require(Permission.SYSTEM_ADMIN)
    with uow:
        return BusinessDates.from_setting(uow.settings.get(SETTING))


def set_business_dates(
    earliest: object, years_ahead: object, actor: Actor, uow: UnitOfWork
) -> BusinessDates:
    """Change the range for postings from now on; documents already dated keep their date."""
    actor.require(Permission.SYSTEM_ADMIN)
    checked = BusinessDates.parse(earliest, years_ahead)
    with uow:
        before = BusinessDates.from_setting(uow.settings.get(SETTING)).as_setting()
        if before != checked.as_setting():
            uow.settings.put(SETTING, checked.as_setting())
            uow.audit.record(
                actor, "setting.update", "setting", SETTING, before, checked.as_setting()
            )
        uow.commit()
    return checked
