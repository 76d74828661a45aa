"""How the trading documents follow one another, and who may write and approve them."""

from __future__ import annotations

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.documents.types import DocumentType as T
from openjxc.domain.shared.errors import PermissionDenied
from openjxc.domain.trading.accounts import Account, EntrySource

PURCHASING = frozenset({T.PURCHASE_ORDER, T.PURCHASE_RECEIPT, T.PURCHASE_RETURN})
SALES = frozenset({T.SALES_ORDER, T.SALES_DELIVERY, T.SALES_RETURN})
ORDERS = frozenset({T.PURCHASE_ORDER, T.SALES_ORDER})
#: 零售单 and 零售退货: posted as a terminal syncs them (services/retail), never edited
RETAIL = frozenset({T.RETAIL_SALE, T.RETAIL_RETURN})
RETURNS = frozenset({T.PURCHASE_RETURN, T.SALES_RETURN, T.RETAIL_RETURN})

#: the document type a line may name as its source line
UPSTREAM: dict[T, T] = {
    T.PURCHASE_RECEIPT: T.PURCHASE_ORDER,
    T.PURCHASE_RETURN: T.PURCHASE_RECEIPT,
    T.SALES_DELIVERY: T.SALES_ORDER,
    T.SALES_RETURN: T.SALES_DELIVERY,
}
#: the document type that follows one (生成下游单据): UPSTREAM read the other way
DOWNSTREAM: dict[T, T] = {upstream: kind for kind, upstream in UPSTREAM.items()}

#: what a posted document writes to the partner ledger: account, sign, source
ENTRIES: dict[T, tuple[Account, int, EntrySource]] = {
    T.PURCHASE_RECEIPT: (Account.PAYABLE, 1, EntrySource.PURCHASE_RECEIPT),
    T.PURCHASE_RETURN: (Account.PAYABLE, -1, EntrySource.PURCHASE_RETURN),
    T.SALES_DELIVERY: (Account.RECEIVABLE, 1, EntrySource.SALES_DELIVERY),
    T.SALES_RETURN: (Account.RECEIVABLE, -1, EntrySource.SALES_RETURN),
}


def write_permission(kind: T) -> Permission:
    return Permission.PURCHASE_WRITE if kind in PURCHASING else Permission.SALES_WRITE


#: what a keeper writes against order lines without pricing it: receipts and deliveries
_KEEPER_WRITES = {
    T.PURCHASE_RECEIPT: Permission.PURCHASE_RECEIVE,
    T.SALES_DELIVERY: Permission.SALES_PICK,
}


def receives_only(actor: Actor, kind: T) -> bool:
    """Whether ``actor`` writes this purchase receipt (收货) or sales delivery (拣货) as a
    keeper: against order lines, quantities and batches only, at the order's prices."""
    keeper = _KEEPER_WRITES.get(kind)
    return keeper is not None and not actor.can(write_permission(kind)) and actor.can(keeper)


def may_write(actor: Actor, kind: T) -> bool:
    """Whether ``actor`` may create, edit, submit or void a trading document of ``kind``."""
    return actor.can(write_permission(kind)) or receives_only(actor, kind)


def require_write(actor: Actor, kind: T) -> None:
    if not may_write(actor, kind):
        raise PermissionDenied(str(write_permission(kind)))


def approve_permission(kind: T) -> Permission:
    return Permission.PURCHASE_APPROVE if kind in PURCHASING else Permission.SALES_APPROVE
