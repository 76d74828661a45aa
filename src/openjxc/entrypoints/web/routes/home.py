"""The home page (首页): figure cards, charts and the alerts list, each alert a link to act."""

from __future__ import annotations

from fastapi import Request, Response

from openjxc.domain.access.permissions import Permission
from openjxc.domain.shared import clock
from openjxc.entrypoints.web import dashboard_view, session
from openjxc.entrypoints.web.deps import CurrentUser, ReadSession, web_router
from openjxc.entrypoints.web.i18n import Translator
from openjxc.entrypoints.web.templating import render
from openjxc.queries import dashboard

router = web_router()


@router.get("/")
def home(request: Request, actor: CurrentUser, db: ReadSession) -> Response:
    """Stock value, sales and margin, charts, and what needs doing (alerts)."""
    board = dashboard_view.build(db, actor, clock.today(), Translator(session.language(request)))
    # the dashboard has counted the approval inbox already: the card reuses its count
    waiting = board["waiting"] if board else None
    figures = dashboard.home_figures(db, actor, waiting) if actor.can(Permission.STOCK_READ) else {}
    chart = None
    if figures.get("value_by_warehouse"):
        names, values = zip(*figures["value_by_warehouse"], strict=True)
        # amounts go to the chart as exact decimal strings; ECharts reads them as numbers
        chart = {
            "grid": {"left": 80, "right": 16, "top": 16, "bottom": 32},
            "tooltip": {},
            "xAxis": {"type": "category", "data": list(names)},
            "yAxis": {"type": "value"},
            "series": [{"type": "bar", "data": [str(v) for v in values]}],
        }
    return render(request, "home.html", {"figures": figures, "chart": chart, "board": board})
