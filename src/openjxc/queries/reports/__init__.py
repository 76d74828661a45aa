"""Reports: every report by its name, for the API, the exports and the benchmark."""

from __future__ import annotations

from openjxc.queries.reports.accuracy import ACCURACY
from openjxc.queries.reports.alerts import ALERTS, EXPIRING
from openjxc.queries.reports.analysis import ABC, SLOW, TURNOVER
from openjxc.queries.reports.framework import Report
from openjxc.queries.reports.ledger import LEDGER
from openjxc.queries.reports.partners import (
    PAYABLE_AGING,
    PAYABLE_STATEMENT,
    RECEIVABLE_AGING,
    RECEIVABLE_STATEMENT,
)
from openjxc.queries.reports.stock import STOCK_AT, VALUATION
from openjxc.queries.reports.summary import SUMMARY
from openjxc.queries.reports.trade import PURCHASE_STATISTICS, SALES_STATISTICS
from openjxc.queries.reports.trade_detail import COST_LAYERS, PURCHASE_DETAIL, SALES_DETAIL

REPORTS: dict[str, Report] = {
    report.name: report
    for report in (
        SUMMARY,
        LEDGER,
        STOCK_AT,
        VALUATION,
        EXPIRING,
        ALERTS,
        TURNOVER,
        ABC,
        SLOW,
        ACCURACY,
        SALES_STATISTICS,
        SALES_DETAIL,
        COST_LAYERS,
        PURCHASE_STATISTICS,
        PURCHASE_DETAIL,
        RECEIVABLE_AGING,
        RECEIVABLE_STATEMENT,
        PAYABLE_AGING,
        PAYABLE_STATEMENT,
    )
}
