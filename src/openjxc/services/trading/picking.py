"""拣货: write what was picked onto a draft sales delivery, for the phone page and the API."""

from __future__ import annotations

from collections.abc import Sequence

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.catalog.product import Product
from openjxc.domain.documents.document import Document
from openjxc.domain.documents.types import DocumentType
from openjxc.domain.shared.errors import NotFound
from openjxc.domain.trading import flow
from openjxc.domain.trading.picking import PickedLine, Scan, pick
from openjxc.services.inventory.documents import find_document
from openjxc.services.retry import retry_transient
from openjxc.services.trading.documents import TradeInput, TradeLineInput, revise_trade_draft
from openjxc.services.unit_of_work import UnitOfWork

DELIVERY = DocumentType.SALES_DELIVERY


@retry_transient
def pick_delivery(
    ref: str | int, scans: Sequence[Scan], version: str | None, actor: Actor, uow: UnitOfWork
) -> Document:
    """The draft delivery's lines become what was picked (``domain.trading.picking``), at
    the draft's terms; ``version``: the delivery as the picker saw it (refused if changed)."""
    flow.require_write(actor, DELIVERY)  # sales.write, or sales.pick for a keeper
    actor.require(Permission.STOCK_READ)  # the picker reads the delivery
    with uow:
        doc = find_document(uow, ref, actor, lock=True)  # out of scope reads as not found
        if doc.type is not DELIVERY:
            raise NotFound("document", str(ref))
        products: dict[int, Product] = {}
        for line in doc.active_lines:
            product = uow.products.get(line.product_id)
            assert product is not None  # a line's product is never deleted
            products[line.product_id] = product
        picked = pick(doc, products, scans, version)
        data = TradeInput(
            type=DELIVERY.value,
            date=doc.date,
            warehouse=doc.warehouse_id,
            partner=doc.partner_id,
            lines=[_line_input(line) for line in picked],
            remarks=doc.remarks,
            tax_included=False,  # the prices given are the stored ones, without tax
            salesperson=doc.salesperson_id,
        )
        # keep_terms: the draft keeps its 整单优惠 and each order line its agreed price
        revise_trade_draft(uow, doc.id or 0, data, actor, keep_terms=True)
        uow.commit()
    return doc


def _line_input(line: PickedLine) -> TradeLineInput:
    return TradeLineInput(
        product=line.product_id,
        qty=line.qty,
        unit=line.unit,
        price=line.price,
        tax_rate=line.tax_rate,
        line_discount_rate=line.line_discount_rate,
        line_discount=line.line_discount,
        source_line=line.source_line_id,
        batch=line.batch,
        production_date=line.production_date,
        expiry=line.expiry_date,
        remarks=line.remarks,
    )
