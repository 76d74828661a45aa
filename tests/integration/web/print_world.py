"""Documents to print, made through the services: a purchase receipt and a sales delivery."""

from __future__ import annotations

import datetime as dt

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.services import partners
from openjxc.services.trading import approval
from openjxc.services.trading.documents import TradeInput, TradeLineInput, create_trade_document

DAY = dt.date(2026, 11, 20)


def trade_documents(system: System, day: dt.date = DAY) -> dict[str, str]:
    """Supplier S1 and customer C1 (contact 王经理); receipt of 10 W1 at 10 + 13 % VAT, then
    a delivery of 3 at 15 + 13 % (net 45.00, tax 5.85, 50.85 in all). Needs the shop fixture."""
    actor, uow = Actor.system(), system.uow
    partners.create_partner(partners.PartnerData("S1", "青山供应商", "supplier"), actor, uow())
    partners.create_partner(
        partners.PartnerData(
            "C1",
            "绿洲超市",
            "customer",
            contacts=(partners.ContactData("王经理", "13800000000"),),
            address="南京路 1 号",
        ),
        actor,
        uow(),
    )
    numbers = {}
    for kind, partner, qty, price in (
        ("purchase_receipt", "S1", "10", "10"),
        ("sales_delivery", "C1", "3", "15"),
    ):
        line = TradeLineInput(product="W1", qty=qty, unit="瓶", price=price, tax_rate="0.13")
        doc = create_trade_document(
            TradeInput(kind, day, "CW", partner, (line,), tax_included=False), actor, uow()
        )
        approval.approve_trade_document(doc.number, actor, uow())
        numbers[kind] = doc.number
    return numbers
