"""`jxc bench web`: server time of the main screens on the demo data (target ≤ 150 ms).

Each page is requested in-process (no network), logged in as an administrator, after one
warm-up request; the median of ``--repeat`` requests is reported. Next to it, in the same
run, the SQL the page ran: how many statements and how long the driver took to execute
them (the fetching of rows is not included, so it is a lower bound of the database's
share); the rest — routing, services, rendering — is the difference.
"""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from sqlalchemy import event, select

from openjxc.adapters.db.tables import inventory
from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.entrypoints.api.app import create_app
from openjxc.entrypoints.cli.bench import Url, scratch
from openjxc.services import users
from openjxc.services.demo import load_demo_data

TARGET_MS = 150
PASSWORD = "Bench-pass-1"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')

#: name -> path; ``{doc}`` is the newest stock document of the demo data
PAGES = {
    "首页 home": "/",
    "商品 products": "/products",
    "库存单据 documents": "/documents",
    "单据 document": "/documents/{doc}",
    "打印 print": "/print/documents/{doc}",
    "销售单据 sales": "/trade/sales",
    "库存 balances": "/stock/balances",
    "库存流水 ledger": "/stock/moves",
    "报表 reports": "/reports",
    "进销存汇总 summary": "/reports/stock-summary",
    "库存估值 valuation": "/reports/valuation?by=category",
    "逾期订单 overdue": "/trade/purchase/overdue",
    "审批中心 approvals": "/approvals",
    "账龄 aging": "/finance/aging",
    "移动扫码 mobile": "/mobile",
    "用户 users": "/users",
    "角色 role": "/roles/new",
    "单据编号 numbering": "/settings/numbering",
    "门店 organisations": "/organisations",
    "往来单位 partners": "/partners?kind=customer",
}


class _SqlClock:
    """Statements and driver time, counted while ``measuring``."""

    def __init__(self, system: System):
        self.count, self.seconds, self.measuring = 0, 0.0, False
        self._started: dict[int, float] = {}
        event.listen(system.engine, "before_cursor_execute", self._before)
        event.listen(system.engine, "after_cursor_execute", self._after)

    def _before(self, conn: Any, cursor: Any, *_: Any) -> None:
        self._started[id(cursor)] = time.perf_counter()

    def _after(self, conn: Any, cursor: Any, *_: Any) -> None:
        started = self._started.pop(id(cursor), None)
        if self.measuring and started is not None:
            self.count += 1
            self.seconds += time.perf_counter() - started

    @contextmanager
    def measure(self) -> Iterator[None]:
        self.count, self.seconds, self.measuring = 0, 0.0, True
        try:
            yield
        finally:
            self.measuring = False


def bench_web(
    database_url: Url = None,
    repeat: Annotated[int, typer.Option(min=1, help="requests per page")] = 20,
) -> None:
    """Server time of the main screens on the demo data, next to the SQL they run."""
    # imported here: every other command of the CLI would pay for (and warn about) it
    from fastapi.testclient import TestClient

    with scratch(database_url) as system:
        actor = Actor.system()
        load_demo_data(system.uow, actor)
        users.create_user(
            users.UserData("bench", "Bench", PASSWORD, roles=("admin",)), actor, system.uow()
        )
        d = inventory.document
        with system.engine.connect() as connection:
            doc = connection.execute(
                select(d.c.number).order_by(d.c.date.desc(), d.c.id.desc()).limit(1)
            ).scalar()
        clock = _SqlClock(system)
        with TestClient(create_app(system)) as client:
            form = client.get("/login")
            match = _CSRF.search(form.text)
            login = client.post(
                "/login",
                data={
                    "username": "bench",
                    "password": PASSWORD,
                    "csrf_token": match.group(1) if match else "",
                },
            )
            if login.status_code >= 400:
                typer.echo(f"could not log in: HTTP {login.status_code}", err=True)
                raise typer.Exit(1)
            typer.echo(
                f"database: {system.engine.dialect.name}   demo data, {repeat} requests per page"
                f" (median; target ≤ {TARGET_MS} ms)"
            )
            typer.echo(f"{'page':28s} {'server':>9s} {'SQL exec':>9s} {'statements':>11s}")
            slow = 0
            for name, path in PAGES.items():
                url = path.format(doc=doc)
                first = client.get(url)  # warm-up (and the status check)
                if first.status_code != 200:
                    typer.echo(f"{url}: HTTP {first.status_code}", err=True)
                    raise typer.Exit(1)
                times, sql_times, statements = [], [], 0
                for _ in range(repeat):
                    with clock.measure():
                        start = time.perf_counter()
                        client.get(url)
                        times.append(time.perf_counter() - start)
                    sql_times.append(clock.seconds)
                    statements = clock.count
                page_ms = statistics.median(times) * 1000
                sql_ms = statistics.median(sql_times) * 1000
                slow += page_ms > TARGET_MS
                mark = "" if page_ms <= TARGET_MS else "  > target"
                typer.echo(
                    f"{url[:28]:28s} {page_ms:7.1f}ms {sql_ms:7.1f}ms {statements:11d}  {name}{mark}"
                )
            typer.echo(f"pages over {TARGET_MS} ms: {slow} of {len(PAGES)}")
