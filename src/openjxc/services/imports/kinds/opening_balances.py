"""Importing opening receivables and payables (期初应收应付): each row posted to the partner
ledger through ``services.trading.partner_ledger`` — its checks (``check_opening``: the
account, an amount not zero within bounds; ``check_partner_kind``: a receivable is a
customer's, a payable a supplier's; ``require_postable``: an open month) in the dry run, its
posting (``post_opening``) in the confirming transaction.

A file is posted once: when a confirmed import of this kind holds the same file (its
SHA-256), every row is ``unchanged`` and confirming writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from openjxc.domain.catalog.partner import Partner
from openjxc.domain.imports.access import PERMISSIONS
from openjxc.domain.imports.columns import ImportKind
from openjxc.domain.imports.kinds.opening_balances import KIND
from openjxc.domain.imports.outcome import Action
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import DomainError
from openjxc.domain.trading.accounts import Account
from openjxc.services.imports.rows import ParsedRow, PlanContext, Writer, posted_before
from openjxc.services.inventory.periods import require_postable
from openjxc.services.trading.partner_ledger import (
    OpeningInput,
    check_opening,
    check_partner_kind,
    post_opening,
)
from openjxc.services.unit_of_work import UnitOfWork


class OpeningBalancesHandler:
    name = KIND.name
    permission = PERMISSIONS["opening_balances"]

    def spec(self, uow: UnitOfWork) -> ImportKind:
        return KIND

    def plan(self, rows: Sequence[ParsedRow], context: PlanContext) -> Writer:
        uow, actor = context.uow, context.actor
        if posted_before(self.name, rows, context):
            return lambda: None
        good = [row for row in rows if row.outcome.ok]
        partners = uow.imports.partners(str(row.get("partner")) for row in good)
        dates: dict[dt.date, DomainError | None] = {}
        postings: list[tuple[Partner, Account, Decimal, OpeningInput]] = []
        for row in good:
            day = _date(row.get("date")) or clock.today()
            if day not in dates:
                dates[day] = _closed(uow, day)
            partner = partners.get(str(row.get("partner")))
            data = OpeningInput(
                str(row.get("partner")),
                str(row.get("account")),
                row.get("amount"),
                day,
                _date(row.get("due_date")),
            )
            try:
                account, amount = check_opening(data.account, data.amount)
                closed = dates[day]
                if closed is not None:
                    raise closed
            except DomainError as error:
                row.fail(error, "date" if error is dates[day] else "")
                continue
            if partner is None:
                row.outcome.error(
                    "partner", "unknown_reference", field="partner", value=data.partner
                )
                continue
            try:
                check_partner_kind(partner, account)
            except DomainError as error:
                row.fail(error)
                continue
            row.set(Action.CREATE, {})
            postings.append((partner, account, amount, data))

        def write() -> None:
            for partner, account, amount, data in postings:
                post_opening(uow, partner, account, amount, data, actor)

        return write


def _closed(uow: UnitOfWork, day: dt.date) -> DomainError | None:
    try:
        require_postable(uow, day)
    except DomainError as error:
        return error
    return None


def _date(value: object) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


HANDLER = OpeningBalancesHandler()
