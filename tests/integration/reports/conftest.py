"""A small fixed history with hand-computed figures, shared by the report tests.

Product MA (moving average), FIFO, CREAM (batches) in warehouses W1, W2 (see the
inventory tests' ``world``). September 2026 is closed; October holds a backdated receipt,
two stocktakes (a loss in W2, a gain in W1), a 反审核, a 红冲 of a September receipt and a
transfer back. The figures each test expects are worked out in the comments below.

  MA  09-01 期初 W1 100 @ 2.00            W1 100/200.00
      09-10 其他出库 W1 30 (60.00)         W1  70/140.00
      09-20 调拨 W1→W2 20 (40.00)          W1  50/100.00   W2 20/40.00
      -- 2026-09 closed: snapshot W1 50/100.00, W2 20/40.00
      10-05 其他入库 W1 50 @ 3.00          (posted first)
      10-08 其他出库 W1 40
      10-02 其他入库 W1 50 @ 4.00 (backdated, posted after 10-08: re-costs it)
            W1: 50/100 → 100/300 → 150/450 (avg 3) → issue 40 = 120.00 → 110/330.00
      10-12 盘点 W2: counted 18, book 20 → loss 2 × 2.00 = 4.00      W2 18/36.00
      10-15 其他出库 W1 10 (30.00), then 反审核: reversal +10/+30.00  W1 110/330.00
      10-20 盘点 W1: counted 112, book 110 → gain 2 × 3.00 = 6.00    W1 112/336.00
      10-25 调拨 W2→W1 8 × 2.00 = 16.00     W1 120/352.00  W2 10/20.00
  FIFO 09-05 其他入库 W1 10 @ 1.00, 09-06 其他入库 W1 10 @ 2.00     W1 20/30.00
      10-09 红冲 of the 09-06 receipt: takes its own layer back out, 10 @ 2.00 = 20.00
      10-10 其他出库 W1 5 from the 09-05 layer = 5.00      W1 5/5.00
  CREAM 10-01 其他入库 W1 batch B1 5 kg @ 10.00 (expires in 8 days), B2 3 kg @ 12.00
        (expires in 100 days): W1 8/86.00
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.shared import clock
from openjxc.queries.reports import REPORTS, filters, framework
from openjxc.queries.reports.framework import Page
from openjxc.services import stock_settings
from openjxc.services.inventory import approval, periods, reversal
from openjxc.services.inventory.stocktake import create_stocktake
from openjxc.services.inventory.stocktake_counts import CountInput, record_counts
from tests.integration.inventory.conftest import Post, post, world  # noqa: F401

SEPTEMBER = date(2026, 9, 1)
OCTOBER = date(2026, 10, 1), date(2026, 10, 31)


@dataclass
class History:
    system: System
    numbers: dict[str, str]
    today: date


@pytest.fixture
def history(world: System, post: Post, admin: Actor) -> History:  # noqa: F811
    n: dict[str, str] = {}
    n["ma_open"] = post("opening_stock", ("MA", "100", "2"), day=date(2026, 9, 1))
    n["fifo_1"] = post("other_receipt", ("FIFO", "10", "1"), day=date(2026, 9, 5))
    n["fifo_2"] = post("other_receipt", ("FIFO", "10", "2"), day=date(2026, 9, 6))
    n["ma_issue_1"] = post("other_issue", ("MA", "30"), day=date(2026, 9, 10))
    n["ma_move_1"] = post("transfer", ("MA", "20"), day=date(2026, 9, 20), to_warehouse="W2")
    periods.close_period("2026-09", admin, world.uow())
    today = clock.today()
    n["cream"] = post(
        "other_receipt",
        ("CREAM", "5", {"unit_cost": "10", "batch": "B1", "expiry": today + timedelta(days=8)}),
        ("CREAM", "3", {"unit_cost": "12", "batch": "B2", "expiry": today + timedelta(days=100)}),
        day=date(2026, 10, 1),
    )
    n["ma_in_3"] = post("other_receipt", ("MA", "50", "3"), day=date(2026, 10, 5))
    n["ma_issue_2"] = post("other_issue", ("MA", "40"), day=date(2026, 10, 8))
    n["ma_in_4"] = post("other_receipt", ("MA", "50", "4"), day=date(2026, 10, 2))
    n["count_w2"] = _count(world, admin, "W2", date(2026, 10, 12), [("MA", "18")])
    n["fifo_red"] = reversal.red_reverse_document(
        n["fifo_2"], admin, world.uow(), date(2026, 10, 9)
    ).number
    n["fifo_issue"] = post("other_issue", ("FIFO", "5"), day=date(2026, 10, 10))
    n["ma_undone"] = post("other_issue", ("MA", "10"), day=date(2026, 10, 15))
    approval.unapprove_document(n["ma_undone"], admin, world.uow())
    n["count_w1"] = _count(
        world,
        admin,
        "W1",
        date(2026, 10, 20),
        [("MA", "112"), ("FIFO", "5"), ("CREAM", "5", "B1"), ("CREAM", "3", "B2")],
    )
    n["ma_back"] = post(
        "transfer", ("MA", "8"), warehouse="W2", to_warehouse="W1", day=date(2026, 10, 25)
    )
    for product, warehouse, levels in (
        ("MA", "W1", (None, None, "100")),
        ("FIFO", "W1", ("10", None, None)),
        ("CREAM", "W1", (None, "8", None)),
    ):
        stock_settings.set_stock_setting(product, warehouse, *levels, admin, world.uow())
    return History(world, n, today)


def _count(
    system: System, admin: Actor, warehouse: str, day: date, counts: list[tuple[str, ...]]
) -> str:
    number = create_stocktake(warehouse, admin, system.uow(), date=day).number
    record_counts(
        number,
        [CountInput(c[0], c[1], batch=c[2] if len(c) > 2 else None) for c in counts],
        admin,
        system.uow(),
    )
    approval.approve_document(number, admin, system.uow())
    return number


def run(
    system: System,
    name: str,
    actor: Actor | None = None,
    sort: str | None = None,
    limit: int = 500,
    offset: int = 0,
    **raw: object,
) -> Page:
    """Run a report as the API does: resolve the filters, check, page."""
    report = REPORTS[name]
    with system.read_sessions() as session:
        context = framework.start(
            session, actor or Actor.system(), report, filters.resolve(session, raw)
        )
        return framework.run(report, context, sort, limit, offset)


def pick(page: Page, *keys: str) -> list[tuple[object, ...]]:
    """The given columns of every row, as tuples (numbers compare as Decimals)."""
    return [tuple(row[k] for k in keys) for row in page.rows]


# ---------------------------------------------------------------------------------------
# Trading on top of the history (all in W1, after its last move on 10-25; 13% VAT).
# S1 supplier; C1 customer paying at once (0 days' terms), C2 on 30 days' terms.
#
#   10-26 采购订单 PO1 (S1): KG 100 @ 4.00, FIFO 10 @ 3.00, expected 10-27
#   10-27 采购入库 R1 from PO1, all of it: KG 100/400.00, FIFO 10/30.00 (a layer 10 @ 3.00)
#         net 430.00, tax 52.00 + 3.90 = 55.90; payable 485.90
#   10-27 采购订单 PO2 (S1): KG 50 @ 4.00, expected 10-29, never received → overdue
#   10-28 采购退货 PR1 of R1's KG line: 10 @ 4.00 = 40.00 (tax 5.20); KG 90/360.00
#   10-28 销售出库 D1 (C1): KG 30 @ 6.00 = 180.00 (tax 23.40), cost 30 × 4.00 = 120.00
#                          FIFO 8 @ 5.00 = 40.00 (tax 5.20), cost from the layers:
#                          5 @ 1.00 (09-05 layer) + 3 @ 3.00 (R1's layer) = 14.00
#   10-29 销售出库 D2 (C2): KG 20 @ 5.00 = 100.00 (tax 13.00), cost 80.00, written by the
#         user "seller" (the salesperson; everything else is posted by the system actor)
#   10-30 销售退货 SR1 of D1's KG line: 5 @ 6.00 = 30.00 (tax 3.90), back at its cost 20.00
#   10-30 收款单 C1 100.00
#   10-30 销售出库 D3 (C2): KG 1 @ 6.00, submitted only (waits for approval)
# ---------------------------------------------------------------------------------------


@dataclass
class Traded:
    system: System
    numbers: dict[str, str]
    today: date


@pytest.fixture
def traded(history: History, admin: Actor) -> Traded:
    from openjxc.services import partners, users
    from openjxc.services.trading import dispatch, payments
    from openjxc.services.trading.documents import TradeInput, TradeLineInput, create_trade_document

    system, n = history.system, dict(history.numbers)
    for code, kind, terms in (
        ("S1", "supplier", 30),
        ("C1", "customer", 0),
        ("C2", "customer", 30),
    ):
        partners.create_partner(
            partners.PartnerData(code, f"伙伴{code}", kind, payment_terms_days=terms),
            admin,
            system.uow(),
        )

    seller, _ = users.create_user(
        users.UserData("seller", "业务员甲", "Seller-pass-1", roles=("sales",)), admin, system.uow()
    )
    as_seller = Actor(seller.id, "seller", admin.permissions)

    def trade(
        kind: str,
        partner: str,
        day: date,
        *lines: TradeLineInput,
        approve: bool = True,
        author: Actor = admin,
        **header: object,
    ) -> tuple[str, list[int]]:
        doc = create_trade_document(
            TradeInput(kind, day, "W1", partner, lines, tax_included=False, **header),  # type: ignore[arg-type]
            author,
            system.uow(),
        )
        if approve:
            dispatch.approve_document(doc.number, admin, system.uow())
        else:
            dispatch.submit_document(doc.number, admin, system.uow())
        return doc.number, [ln.id or 0 for ln in doc.lines]

    def line(product: str, qty: str, price: str, source: int | None = None) -> TradeLineInput:
        return TradeLineInput(product, qty, price=price, tax_rate="0.13", source_line=source)

    oct_ = lambda day: date(2026, 10, day)  # noqa: E731
    n["po1"], po1 = trade(
        "purchase_order",
        "S1",
        oct_(26),
        line("KG", "100", "4"),
        line("FIFO", "10", "3"),
        expected_date=oct_(27),
    )
    n["r1"], r1 = trade(
        "purchase_receipt",
        "S1",
        oct_(27),
        line("KG", "100", "4", po1[0]),
        line("FIFO", "10", "3", po1[1]),
    )
    n["po2"], _ = trade(
        "purchase_order", "S1", oct_(27), line("KG", "50", "4"), expected_date=oct_(29)
    )
    n["pr1"], _ = trade("purchase_return", "S1", oct_(28), line("KG", "10", "4", r1[0]))
    n["d1"], d1 = trade(
        "sales_delivery", "C1", oct_(28), line("KG", "30", "6"), line("FIFO", "8", "5")
    )
    n["d2"], _ = trade("sales_delivery", "C2", oct_(29), line("KG", "20", "5"), author=as_seller)
    n["sr1"], _ = trade("sales_return", "C1", oct_(30), line("KG", "5", "6", d1[0]))
    paid = payments.create_payment(
        payments.PaymentInput("customer_receipt", oct_(30), "C1", "100"), admin, system.uow()
    )
    payments.approve_payment(paid.number, None, admin, system.uow())
    n["skd"] = paid.number
    n["d3"], _ = trade("sales_delivery", "C2", oct_(30), line("KG", "1", "6"), approve=False)
    return Traded(system, n, history.today)
