"""应收/应付账龄 and 往来对账单 as reports: the trading queries, with the reports' filters,
sorting, paging, totals and export.

The figures come from ``queries.trading.statements`` unchanged (no second copy of the
SQL): aging per partner in the buckets of the ``buckets`` filter (default 30,60,90 days),
and a partner's statement for ``from``..``to`` with its opening row and running balance.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from openjxc.adapters.db.tables import catalog
from openjxc.domain.access.permissions import Permission
from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.numbers import ZERO
from openjxc.domain.trading.accounts import Account
from openjxc.domain.trading.aging import bucket_names
from openjxc.queries.reports.framework import Column, Context, Kind, Report, no_query
from openjxc.queries.trading import statements
from openjxc.queries.trading.statement_export import SOURCE_LABELS

DEFAULT_BUCKETS = (30, 60, 90)
_PERMISSIONS = (Permission.REPORT_READ, Permission.LEDGER_READ)
_ACCOUNT = {
    Account.RECEIVABLE: ("应收", "receivable", "客户", "Customer"),
    Account.PAYABLE: ("应付", "payable", "供应商", "Supplier"),
}


def bucket_key(name: str) -> str:
    """``not_due``, ``1-30`` → ``d1_30``, ``>90`` → ``over_90``: keys safe in a URL's sort."""
    if name.startswith(">"):
        return f"over_{name[1:]}"
    return name if name == "not_due" else "d" + name.replace("-", "_")


def _limits(context: Context) -> tuple[int, ...]:
    return tuple(context.get("buckets", DEFAULT_BUCKETS))


def _bucket_columns(context: Context) -> tuple[Column, ...]:
    columns = []
    for name in bucket_names(_limits(context)):
        zh = "未到期" if name == "not_due" else f"逾期{name}天"
        en = "Not due" if name == "not_due" else f"Overdue {name} days"
        columns.append(Column(bucket_key(name), zh, en, Kind.MONEY, total=True))
    return (
        *columns,
        Column("open_charges", "未核销金额", "Open charges", Kind.MONEY, total=True),
        Column("unapplied", "预收/预付（未核销）", "Unapplied credits", Kind.MONEY, total=True),
        Column("net", "净额", "Net", Kind.MONEY, total=True),
    )


def _aging(account: Account) -> Any:
    def rows(context: Context) -> list[dict[str, Any]]:
        result = statements.aging(
            context.session, context.actor, account.value, context.get("as_of"), _limits(context)
        )
        wanted = context.get("partner_id")
        out = []
        for item in result.partners:
            if wanted is not None and item.partner != _code_of(context, wanted):
                continue
            row: dict[str, Any] = {bucket_key(k): v for k, v in item.buckets.items()}
            row.update(
                partner=item.partner,
                partner_name=item.name,
                open_charges=item.open_charges,
                unapplied=item.unapplied,
                net=item.net,
            )
            out.append(row)
        return out

    return rows


def _code_of(context: Context, partner_id: int) -> str | None:
    pt = catalog.partner
    return context.session.scalar(select(pt.c.code).where(pt.c.id == partner_id))


def _statement(account: Account) -> Any:
    def rows(context: Context) -> list[dict[str, Any]]:
        result = statements.statement(
            context.session,
            context.actor,
            context.get("partner_id"),
            account.value,
            context.get("date_from"),
            context.get("date_to"),
        )
        out: list[dict[str, Any]] = [
            {
                "date": result.since,
                "number": None,
                "source": "opening",
                "balance": result.opening,
            }
        ]
        for line in result.lines:
            amount = line.amount
            out.append(
                {
                    "date": line.date,
                    "number": line.number,
                    "source": str(line.source),
                    "due_date": line.due_date,
                    "increase": amount if amount > ZERO else ZERO,
                    "decrease": -amount if amount < ZERO else ZERO,
                    "balance": line.balance,
                    "reverses": line.reverses,
                }
            )
        return out

    return rows


def _needs_partner(context: Context) -> None:
    """A statement is one partner's: checked before anything runs (or streams)."""
    if context.get("partner_id") is None:
        raise ValidationError("required", field="partner")


def _reports(account: Account) -> tuple[Report, Report]:
    zh, en, partner_zh, partner_en = _ACCOUNT[account]
    aging = Report(
        name=f"{en}-aging",
        zh=f"{zh}账龄",
        en=f"{en.capitalize()} aging",
        columns=(
            Column("partner", f"{partner_zh}编码", partner_en),
            Column("partner_name", f"{partner_zh}名称", f"{partner_en} name"),
        ),
        build=no_query,
        rows=_aging(account),
        extra_columns=_bucket_columns,
        default_sort=("partner",),
        filters=("as_of", "buckets", "partner"),
        permissions=_PERMISSIONS,
        keys=("partner",),
        dimensions=(),
    )
    statement = Report(
        name=f"{en}-statement",
        zh=f"{zh}对账单",
        en=f"{en.capitalize()} statement",
        columns=(
            Column("date", "日期", "Date", Kind.DATE),
            Column("number", "单据编号", "Document"),
            Column("source", "来源", "Source", labels=SOURCE_LABELS),
            Column("due_date", "到期日", "Due date", Kind.DATE),
            Column("increase", f"本期{zh}增加", "Increase", Kind.MONEY, total=True),
            Column("decrease", f"本期{zh}减少", "Decrease", Kind.MONEY, total=True),
            Column("balance", "余额", "Balance", Kind.MONEY),
            Column("reverses", "冲销单据", "Reverses"),
        ),
        build=no_query,
        rows=_statement(account),
        prepare=_needs_partner,
        default_sort=(),
        filters=("from", "to", "partner"),
        permissions=_PERMISSIONS,
        keys=(),
        dimensions=(),
    )
    return aging, statement


RECEIVABLE_AGING, RECEIVABLE_STATEMENT = _reports(Account.RECEIVABLE)
PAYABLE_AGING, PAYABLE_STATEMENT = _reports(Account.PAYABLE)
