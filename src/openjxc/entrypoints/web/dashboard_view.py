"""The 首页 dashboard: the dashboard query's figures as cards, charts and alerts.

Everything the page shows comes from ``queries.reports.dashboard`` (and the valuation report
for the category chart); this module only arranges it. Figures that are not there yet —
trading totals before sales exist, a top-sellers list the query may not return — are left
out rather than shown as zeros that look like facts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.entrypoints.web.i18n import N_
from openjxc.queries.reports import REPORTS, framework
from openjxc.queries.reports.alerts import EXPIRY_DAYS
from openjxc.queries.reports.dashboard import dashboard

CATEGORY_SLICES = 8


@dataclass(frozen=True)
class Alert:
    key: str
    label: str
    count: int
    url: str


def _report_url(*names: str, query: str = "") -> str | None:
    """The first of ``names`` the report framework has (reports arrive over time)."""
    for name in names:
        if name in REPORTS:
            return f"/reports/{name}" + (f"?{query}" if query else "")
    return None


# each alert and where to act on it; a place that does not exist yet falls back
_ALERTS: tuple[tuple[str, str, Any], ...] = (
    (
        "below_safety_stock",
        N_("Below safety stock"),
        lambda: _report_url("stock-alerts", query="level=below_safety"),
    ),
    (
        "expiring_batches",
        N_("Batches expiring within 30 days"),
        # the same query as the count: in stock, expiring within the days (or expired)
        lambda: _report_url("expiring-batches", query=f"days={EXPIRY_DAYS}") or "/stock/batches",
    ),
    (
        "waiting_approval",
        N_("Documents waiting for approval"),
        lambda: "/approvals",
    ),
    (
        "overdue_purchase_orders",
        N_("Overdue purchase orders"),
        lambda: "/trade/purchase/overdue",
    ),
    (
        "overdue_receivables",
        N_("Overdue receivables"),
        lambda: _report_url("receivable-aging") or "/print/statement",
    ),
)


def alerts(figures: Mapping[str, Any]) -> list[Alert]:
    """The alert counts the query returned, each with the page to act on it (an alert the
    user may not see, such as receivables without the ledger permission, is ``None``)."""
    result = []
    for key, label, place in _ALERTS:
        if figures.get(key) is not None:
            result.append(Alert(key, label, int(figures[key] or 0), place() or "/reports"))
    return result


def build(
    session: Session, actor: Actor, today: Any, t: Callable[[str], str]
) -> dict[str, Any] | None:
    """The dashboard's cards, charts and alerts; None for users without the reports."""
    if not (actor.can(Permission.REPORT_READ) and actor.can(Permission.STOCK_READ)):
        return None
    data = dashboard(session, actor, today)
    trading = bool(data.get("trading_available"))
    return {
        "trading": trading,
        "amounts_include_tax": bool(data.get("amounts_include_tax")),
        "periods": data["periods"],
        "stores": data.get("stores", []) if trading else [],
        "alerts": alerts(data.get("alerts", {})),
        "waiting": data.get("alerts", {}).get("waiting_approval"),  # the caller's inbox count
        # 异常单 of the caller's stores: a card while any wait (None without retail.manage)
        "retail_exceptions": data.get("alerts", {}).get("retail_exceptions"),
        "trend": trend_chart(data.get("sales_trend", []), trading, t),
        "categories": category_chart(session, actor, today, t),
        "top_sellers": top_sellers_chart(data.get("top_sellers")),
    }


def trend_chart(points: list[Mapping[str, Any]], trading: bool, t: Callable[[str], str]) -> Any:
    """30 days of sales, and margin when the query has it; nothing before the first sale."""
    if not trading or not any(p.get("sales") for p in points):
        return None
    names = {"sales": N_("Sales amount"), "gross_margin": N_("Gross margin")}
    keys = [k for k in names if any(p.get(k) is not None for p in points)]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 60, "right": 16, "top": 32, "bottom": 32},
        "xAxis": {"type": "category", "data": [str(p["date"])[5:] for p in points]},
        "yAxis": {"type": "value"},
        "series": [
            {
                "type": "line",
                "smooth": True,
                "name": t(names[key]),
                "data": [_plain(p.get(key)) for p in points],
            }
            for key in keys
        ],
    }


def category_chart(session: Session, actor: Actor, today: Any, t: Callable[[str], str]) -> Any:
    """Stock value by category (the valuation report grouped by category) as a doughnut."""
    if not actor.can(Permission.PRICE_READ) or "valuation" not in REPORTS:
        return None
    report = REPORTS["valuation"]
    context = framework.start(session, actor, report, {"as_of": today, "by": ("category",)})
    page = framework.run(report, context, "-value", 100, 0)
    slices = [
        (r.get("category_name") or t(N_("Uncategorised")), r["value"])
        for r in page.rows
        if r.get("value")
    ]
    if not slices:
        return None
    shown, rest = slices[:CATEGORY_SLICES], slices[CATEGORY_SLICES:]
    data = [{"name": name, "value": _plain(value)} for name, value in shown]
    if rest:
        data.append({"name": "…", "value": _plain(sum((v for _, v in rest), Decimal(0)))})
    return {
        "tooltip": {"trigger": "item"},
        "legend": {"bottom": 0, "type": "scroll"},
        "series": [{"type": "pie", "radius": ["40%", "70%"], "data": data}],
    }


def top_sellers_chart(rows: Any) -> Any:
    """Top sellers as horizontal bars, when the dashboard query provides them."""
    if not rows:
        return None
    rows = list(rows)[:10][::-1]
    return {
        "tooltip": {},
        "grid": {"left": 100, "right": 16, "top": 8, "bottom": 24},
        "xAxis": {"type": "value"},
        "yAxis": {
            "type": "category",
            "data": [str(r.get("product_name") or r.get("product") or "") for r in rows],
        },
        "series": [
            {"type": "bar", "data": [_plain(r.get("sales") or r.get("amount")) for r in rows]}
        ],
    }


def _plain(value: Any) -> str | None:
    """Exact amounts go to ECharts as decimal strings; it reads them as numbers."""
    return None if value is None else str(value)
