"""Document types, their number prefixes and how they move stock."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class DocumentType(StrEnum):
    OPENING_STOCK = "opening_stock"  # 期初
    OTHER_RECEIPT = "other_receipt"  # 其他入库
    OTHER_ISSUE = "other_issue"  # 其他出库
    TRANSFER = "transfer"  # 调拨
    WRITE_OFF = "write_off"  # 报损
    OVERAGE = "overage"  # 报溢
    STOCKTAKE = "stocktake"  # 盘点
    # trading (issue #4): orders move no stock; receipts, deliveries and returns do
    PURCHASE_ORDER = "purchase_order"  # 采购订单
    PURCHASE_RECEIPT = "purchase_receipt"  # 采购入库
    PURCHASE_RETURN = "purchase_return"  # 采购退货
    SALES_ORDER = "sales_order"  # 销售订单
    SALES_DELIVERY = "sales_delivery"  # 销售出库
    SALES_RETURN = "sales_return"  # 销售退货
    # retail (issue #19): a counter sale and its refund, posted as they are synced
    RETAIL_SALE = "retail_sale"  # 零售单
    RETAIL_RETURN = "retail_return"  # 零售退货


class Direction(StrEnum):
    IN = "in"
    OUT = "out"
    TRANSFER = "transfer"  # out of warehouse, into to_warehouse
    COUNT = "count"  # either way: counted minus book quantity
    NONE = "none"  # orders: no stock moves


@dataclass(frozen=True)
class TypeRule:
    prefix: str
    direction: Direction
    cost_given: bool  # inbound lines carry their unit cost (opening stock, other receipts)
    approval_steps: int = 1


RULES: dict[DocumentType, TypeRule] = {
    DocumentType.OPENING_STOCK: TypeRule("QCD", Direction.IN, cost_given=True),
    DocumentType.OTHER_RECEIPT: TypeRule("QTRK", Direction.IN, cost_given=True),
    DocumentType.OTHER_ISSUE: TypeRule("QTCK", Direction.OUT, cost_given=False),
    DocumentType.TRANSFER: TypeRule("DBD", Direction.TRANSFER, cost_given=False),
    DocumentType.WRITE_OFF: TypeRule("BSD", Direction.OUT, cost_given=False, approval_steps=2),
    DocumentType.OVERAGE: TypeRule("BYD", Direction.IN, cost_given=False, approval_steps=2),
    DocumentType.STOCKTAKE: TypeRule("PDD", Direction.COUNT, cost_given=False),
    DocumentType.PURCHASE_ORDER: TypeRule("CGDD", Direction.NONE, cost_given=False),
    DocumentType.PURCHASE_RECEIPT: TypeRule("CGRK", Direction.IN, cost_given=True),
    DocumentType.PURCHASE_RETURN: TypeRule("CGTH", Direction.OUT, cost_given=False),
    DocumentType.SALES_ORDER: TypeRule("XSDD", Direction.NONE, cost_given=False),
    DocumentType.SALES_DELIVERY: TypeRule("XSCK", Direction.OUT, cost_given=False),
    DocumentType.SALES_RETURN: TypeRule("XSTH", Direction.IN, cost_given=False),
    DocumentType.RETAIL_SALE: TypeRule("LSD", Direction.OUT, cost_given=False),
    DocumentType.RETAIL_RETURN: TypeRule("LSTH", Direction.IN, cost_given=False),
}

#: the documents of purchasing and sales (services/trading), which carry prices and tax
TRADE_TYPES = frozenset(
    {
        DocumentType.PURCHASE_ORDER,
        DocumentType.PURCHASE_RECEIPT,
        DocumentType.PURCHASE_RETURN,
        DocumentType.SALES_ORDER,
        DocumentType.SALES_DELIVERY,
        DocumentType.SALES_RETURN,
        DocumentType.RETAIL_SALE,
        DocumentType.RETAIL_RETURN,
    }
)


class Reason(StrEnum):
    """Why goods come in or go out without a trade (其他出入库)."""

    GIFT = "gift"  # 赠品
    SAMPLE = "sample"  # 样品
    LENDING = "lending"  # 借出 (expects a return)
    LOAN_RETURN = "loan_return"  # 借出归还
    INTERNAL_USE = "internal_use"  # 领用
    DAMAGE = "damage"  # 损坏
    EXPIRED = "expired"  # 过期
    OTHER = "other"


def document_number(prefix: str, day: str, seq: int) -> str:
    """``{PREFIX}{yyyymmdd}{seq:03d}``; the sequence widens past 999."""
    return f"{prefix}{day}{seq:03d}"
