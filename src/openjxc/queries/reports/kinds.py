"""Which line of business a stock move belongs to, for the columns of the stock summary.

The mapping is data: a document type names its kind here, and a type not listed counts as
``other``. The trading documents are listed: 采购入库/退货 → purchase, 销售出库/退货 → sales
(零售单/零售退货 join sales). A purchase return is outbound purchase, a sales
return inbound sales: the side follows the move, the kind the line of business.

Whether a move counts as inbound or outbound follows the move that was *meant*: a reversal
(反审核) or a red-letter (红冲) move is booked on the side of the move it cancels, with the
opposite sign, so an undone receipt nets out of "inbound" instead of inflating "outbound".
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlalchemy import and_, case, literal, or_

from openjxc.adapters.db.tables import inventory
from openjxc.domain.documents.types import DocumentType


class MoveKind(StrEnum):
    PURCHASE = "purchase"  # 采购
    SALES = "sales"  # 销售
    TRANSFER = "transfer"  # 调拨
    STOCKTAKE = "stocktake"  # 盘点 (盘盈/盘亏)
    OTHER = "other"  # 其他 (期初, 其他出入库, 报损/报溢, 借出/归还)


KIND_LABELS: dict[MoveKind, tuple[str, str]] = {
    MoveKind.PURCHASE: ("采购", "purchase"),
    MoveKind.SALES: ("销售", "sales"),
    MoveKind.TRANSFER: ("调拨", "transfer"),
    MoveKind.STOCKTAKE: ("盘点", "stocktake"),
    MoveKind.OTHER: ("其他", "other"),
}

#: document type (stored value) -> kind; unlisted types are OTHER
KIND_OF_TYPE: dict[str, MoveKind] = {
    DocumentType.OPENING_STOCK.value: MoveKind.OTHER,
    DocumentType.OTHER_RECEIPT.value: MoveKind.OTHER,
    DocumentType.OTHER_ISSUE.value: MoveKind.OTHER,
    DocumentType.WRITE_OFF.value: MoveKind.OTHER,
    DocumentType.OVERAGE.value: MoveKind.OTHER,
    DocumentType.TRANSFER.value: MoveKind.TRANSFER,
    DocumentType.STOCKTAKE.value: MoveKind.STOCKTAKE,
    DocumentType.PURCHASE_RECEIPT.value: MoveKind.PURCHASE,
    DocumentType.PURCHASE_RETURN.value: MoveKind.PURCHASE,
    DocumentType.SALES_DELIVERY.value: MoveKind.SALES,
    DocumentType.SALES_RETURN.value: MoveKind.SALES,
    # 零售单/零售退货 count as sales (docs/retail.md)
    DocumentType.RETAIL_SALE.value: MoveKind.SALES,
    DocumentType.RETAIL_RETURN.value: MoveKind.SALES,
}

#: kinds whose outbound moves consume stock (turnover, ABC): not internal moves between
#: warehouses, not counting corrections
CONSUMING: tuple[MoveKind, ...] = (MoveKind.SALES, MoveKind.OTHER)

m, d = inventory.stock_move, inventory.document


def kind_of() -> Any:
    """SQL: the kind of a move, from its document's type (``stock_move`` joined to ``document``)."""
    listed = {t: k.value for t, k in KIND_OF_TYPE.items() if k is not MoveKind.OTHER}
    return case(listed, value=d.c.type, else_=literal(MoveKind.OTHER.value))


def inbound() -> Any:
    """SQL: true when a move is booked as inbound (see the module's note on reversals)."""
    cancels = or_(m.c.reverses_move_id.is_not(None), d.c.red_letter.is_(True))
    return or_(and_(m.c.qty > 0, ~cancels), and_(m.c.qty < 0, cancels))
