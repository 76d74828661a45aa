"""The partner ledger (应收应付): entries, balances, open items, opening balances."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from openjxc.domain.shared import clock
from openjxc.entrypoints.api import replies
from openjxc.entrypoints.api.decimals import DecimalIn, MoneyOut
from openjxc.entrypoints.api.deps import CurrentActor, PageDep, ReadSession, UowDep, new_router
from openjxc.entrypoints.api.errors import language_of
from openjxc.entrypoints.api.schemas import Create
from openjxc.queries.refs import id_of
from openjxc.queries.reports import export
from openjxc.queries.trading import ledger as queries
from openjxc.queries.trading import statement_export, statements
from openjxc.services.trading import partner_ledger as service

router = new_router(prefix="/partner-ledger", tags=["partner ledger"])

AccountName = Literal["receivable", "payable"]


class EntryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)  # built from the query's typed rows

    id: int
    partner: str
    account: AccountName
    date: dt.date
    due_date: dt.date | None
    source: str
    number: str
    amount: MoneyOut = Field(description="+ raises what is owed, - lowers it")
    settled: MoneyOut
    open: MoneyOut
    reverses: int | None


class EntryList(BaseModel):
    data: list[EntryRead]
    count: int


class BalanceRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)  # built from the query's typed rows

    partner: str
    name: str
    account: AccountName
    balance: MoneyOut


class BalanceList(BaseModel):
    data: list[BalanceRead]
    count: int


class OpeningIn(Create):
    partner: str = Field(max_length=32)
    account: AccountName
    amount: DecimalIn = Field(description="positive: owed; negative: paid in advance")
    date: dt.date
    due_date: dt.date | None = None
    organisation: str | None = Field(
        default=None,
        max_length=32,
        description="store or head office (code); default: the caller's own, else head office",
    )


class OpeningRead(BaseModel):
    number: str


@router.get("/entries", response_model=EntryList)
def list_entries(
    session: ReadSession,
    actor: CurrentActor,
    page: PageDep,
    partner: Annotated[str | None, Query(max_length=32)] = None,
    account: AccountName | None = None,
    since: Annotated[dt.date | None, Query(alias="from")] = None,
    until: Annotated[dt.date | None, Query(alias="to")] = None,
    open: bool = False,
) -> EntryList:
    """Entries oldest first; ``open=true``: only what is left to settle."""
    rows, count = queries.list_entries(
        session,
        actor,
        partner_id=id_of(session, "partner", partner) if partner else None,
        account=account,
        since=since,
        until=until,
        open_only=open,
        limit=page.limit,
        offset=page.offset,
    )
    return EntryList(data=[EntryRead.model_validate(r) for r in rows], count=count)


@router.get("/balances", response_model=BalanceList)
def list_balances(
    session: ReadSession,
    actor: CurrentActor,
    page: PageDep,
    account: AccountName | None = None,
    partner: Annotated[str | None, Query(max_length=32)] = None,
) -> BalanceList:
    """Balance per partner and account."""
    rows, count = queries.list_balances(
        session,
        actor,
        account=account,
        partner_id=id_of(session, "partner", partner) if partner else None,
        limit=page.limit,
        offset=page.offset,
    )
    return BalanceList(data=[BalanceRead.model_validate(r) for r in rows], count=count)


@router.post("/opening", response_model=OpeningRead, status_code=201)
@replies.not_rendered("an opening balance is a ledger entry, with no read route by its number")
def create_opening(body: OpeningIn, uow: UowDep, actor: CurrentActor) -> OpeningRead:
    """期初应收/应付: a partner's opening balance."""
    number = service.create_opening_balance(service.OpeningInput(**body.model_dump()), actor, uow)
    return OpeningRead(number=number)


class StatementLine(BaseModel):
    model_config = ConfigDict(from_attributes=True)  # built from the query's typed rows

    date: dt.date
    number: str
    source: str
    due_date: dt.date | None
    amount: MoneyOut
    balance: MoneyOut
    reverses: str | None = Field(description="the entry this one takes back (反审核)")


class StatementRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)  # built from the query's typed rows

    account: AccountName
    since: dt.date
    until: dt.date
    opening: MoneyOut = Field(description="期初")
    increase: MoneyOut = Field(description="本期增加 (deliveries/receipts)")
    decrease: MoneyOut = Field(description="本期减少 (money, returns)")
    closing: MoneyOut = Field(description="期末")
    lines: list[StatementLine]


class AgingPartner(BaseModel):
    model_config = ConfigDict(from_attributes=True)  # built from the query's typed rows

    partner: str
    name: str
    buckets: dict[str, MoneyOut]
    open_charges: MoneyOut
    unapplied: MoneyOut = Field(description="预收/预付 not yet applied")
    net: MoneyOut


class AgingRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)  # built from the query's typed rows

    account: AccountName
    as_of: dt.date
    buckets: list[str]
    partners: list[AgingPartner]
    totals: dict[str, MoneyOut]


@router.get("/statement", response_model=StatementRead)
def get_statement(
    session: ReadSession,
    actor: CurrentActor,
    partner: Annotated[str, Query(max_length=32)],
    account: AccountName,
    since: Annotated[dt.date, Query(alias="from")],
    until: Annotated[dt.date, Query(alias="to")],
) -> StatementRead:
    """往来对账单: opening balance, each entry with the running balance, closing balance."""
    return StatementRead.model_validate(
        statements.statement(
            session, actor, id_of(session, "partner", partner), account, since, until
        )
    )


@router.get("/statement/export", response_class=StreamingResponse)
def export_statement(
    request: Request,
    session: ReadSession,
    actor: CurrentActor,
    partner: Annotated[str, Query(max_length=32)],
    account: AccountName,
    since: Annotated[dt.date, Query(alias="from")],
    until: Annotated[dt.date, Query(alias="to")],
    format: Literal["csv", "xlsx"] = "csv",
) -> StreamingResponse:
    """往来对账单 as .csv or .xlsx: the same figures as the statement, as it is printed."""
    partner_id = id_of(session, "partner", partner)
    figures = statements.statement(session, actor, partner_id, account, since, until)
    language = language_of(request) if request.headers.get("accept-language") else actor.language
    rows = list(statement_export.statement_rows(figures, language))
    columns = statement_export.COLUMNS
    title = f"{partner} {since}~{until}"
    if format == "xlsx":
        body = export.xlsx_chunks(columns, rows, language, title)
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = export.csv_chunks(columns, rows, language)
        media = "text/csv; charset=utf-8"
    filename = f"statement-{account}-{since}-{until}.{format}"
    return StreamingResponse(
        body,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/aging", response_model=AgingRead)
def get_aging(
    session: ReadSession,
    actor: CurrentActor,
    account: AccountName,
    as_of: dt.date | None = None,
    buckets: Annotated[str, Query(max_length=100, description="day limits")] = "30,60,90",
) -> AgingRead:
    """账龄: open amounts per partner by days past due, in the buckets given."""
    try:
        limits = [int(part) for part in buckets.split(",")]
    except ValueError:
        limits = []
    return AgingRead.model_validate(
        statements.aging(session, actor, account, as_of or clock.today(), limits)
    )
