"""The words of each alert, in Chinese (the owners' language), with where to act.

One function per rule: the jobs hand it what they observed and store what it returns.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from openjxc.domain.shared.numbers import plain


def _qty(value: Decimal, unit: str) -> str:
    return f"{plain(value)} {unit}".strip()


def stock_link(product: str, warehouse: str) -> str:
    """The product's stock in the warehouse (库存余额), where its documents start."""
    return "/stock/balances?" + urlencode({"product": product, "warehouse": warehouse})


def below_safety(
    product: str, name: str, warehouse: str, on_hand: Decimal, safety: Decimal, unit: str
) -> tuple[str, str]:
    title = f"库存不足：{name}（{warehouse}）"
    body = (
        f"{name}（{product}）在{warehouse}的库存 {_qty(on_hand, unit)}，"
        f"低于安全库存 {_qty(safety, unit)}，请及时补货。"
    )
    return title, body


def above_max(
    product: str, name: str, warehouse: str, on_hand: Decimal, maximum: Decimal, unit: str
) -> tuple[str, str]:
    title = f"库存超储：{name}（{warehouse}）"
    body = (
        f"{name}（{product}）在{warehouse}的库存 {_qty(on_hand, unit)}，"
        f"高于最高库存 {_qty(maximum, unit)}。"
    )
    return title, body


def batch_expiring(
    product: str,
    name: str,
    warehouse: str,
    batch: str,
    expiry: date,
    today: date,
    on_hand: Decimal,
    unit: str,
) -> tuple[str, str]:
    days = (expiry - today).days
    when = (
        f"已过期 {-days} 天" if days < 0 else ("今天到期" if days == 0 else f"还有 {days} 天到期")
    )
    title = f"批次临期：{name} 批次 {batch}（{warehouse}）"
    body = (
        f"{name}（{product}）批次 {batch} 在{warehouse}尚有 {_qty(on_hand, unit)}，"
        f"有效期至 {expiry.isoformat()}，{when}，请优先出库或处理。"
    )
    return title, body


def purchase_order_overdue(
    number: str, supplier: str, expected: date, today: date, open_qty: Decimal
) -> tuple[str, str]:
    days = (today - expected).days
    title = f"采购订单逾期未到货：{number}"
    body = (
        f"采购订单 {number}（供应商 {supplier}）预计 {expected.isoformat()} 到货，"
        f"已逾期 {days} 天，仍有 {plain(open_qty)} 未入库，请跟进供应商。"
    )
    return title, body


def receivable_overdue(customer: str, name: str, amount: Decimal, days: int) -> tuple[str, str]:
    late = f"逾期超过 {days} 天" if days else "已逾期"
    title = f"应收款逾期：{name}"
    body = f"客户 {name}（{customer}）有 {amount:,.2f} 元应收款{late}，请及时催收。"
    return title, body


def statement_link(customer: str) -> str:
    """The customer's 对账单 (partner statement), receivable side."""
    return "/finance/statement?" + urlencode({"partner": customer, "account": "receivable"})
