"""``jxc stock …`` and ``jxc period …``: what an operator checks and does from a shell."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from openjxc.domain.access.actor import Actor
from openjxc.domain.shared import clock
from openjxc.domain.shared.numbers import plain
from openjxc.entrypoints.cli import context
from openjxc.queries import stock as queries
from openjxc.queries.refs import id_of
from openjxc.services import business_dates
from openjxc.services.inventory import periods

stock_app = typer.Typer(help="Stock: balances.", no_args_is_help=True)
period_app = typer.Typer(help="Periods (结账): close, reopen, posting dates.", no_args_is_help=True)


@stock_app.command("balance")
def stock_balance(
    product: Annotated[str | None, typer.Option(help="product code")] = None,
    warehouse: Annotated[str | None, typer.Option(help="warehouse code")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="YYYY-MM-DD")] = None,
) -> None:
    """On hand, available and value per product and warehouse (now, or at a date)."""
    system = context.system(context.settings())
    day = date.fromisoformat(as_of) if as_of else None
    with system.read_sessions() as session:
        rows, count = queries.stock_balances(
            session,
            Actor.system(),
            product_id=id_of(session, "product", product) if product else None,
            warehouse_id=id_of(session, "warehouse", warehouse) if warehouse else None,
            as_of=day,
            limit=10_000,
        )
    typer.echo(f"{'商品':<12}{'仓库':<8}{'在库':>14}{'可用':>14}{'金额':>16}")
    for row in rows:
        typer.echo(
            f"{row['product']:<12}{row['warehouse']:<8}{plain(row['on_hand']):>14}"
            f"{plain(row['available']):>14}{row['value']:>16}"
        )
    typer.echo(f"共 {count} 行 / {count} rows")


@period_app.command("close")
def period_close(month: Annotated[str, typer.Argument(help="YYYY-MM")]) -> None:
    """结账: close a month and every open month before it; nothing can post into them."""
    system = context.system(context.settings())
    closed = periods.close_period(month, Actor.system(), system.uow())
    typer.echo(f"已结账 / closed {', '.join(closed)}")


@period_app.command("reopen")
def period_reopen(month: Annotated[str, typer.Argument(help="YYYY-MM")]) -> None:
    """Reopen the latest closed month."""
    system = context.system(context.settings())
    periods.reopen_period(month, Actor.system(), system.uow())
    typer.echo(f"已反结账 / reopened {month}")


@period_app.command("dates")
def period_dates(
    earliest: Annotated[str | None, typer.Option(help="first date postings may have")] = None,
    years_ahead: Annotated[
        int | None, typer.Option(help="how many years after today postings may be dated")
    ] = None,
) -> None:
    """The range postings may be dated in: shown, or changed with the options."""
    system = context.system(context.settings())
    actor = Actor.system()
    current = business_dates.get_business_dates(actor, system.uow())
    if earliest is not None or years_ahead is not None:
        current = business_dates.set_business_dates(
            earliest or current.earliest.isoformat(),
            current.years_ahead if years_ahead is None else years_ahead,
            actor,
            system.uow(),
        )
    latest = current.latest(clock.today())
    typer.echo(
        f"记账日期 / posting dates: {current.earliest.isoformat()} … {latest.isoformat()}"
        f" ({current.years_ahead} 年后 / years ahead)"
    )
