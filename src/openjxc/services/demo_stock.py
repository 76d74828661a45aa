"""Demo stock: an opening balance this month, a transfer to a store, a sample given away.

So that balances, the ledger and the documents list have something to show at once.
Each document is marked in its remarks, and one that is already there is not posted again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from openjxc.domain.access.actor import Actor
from openjxc.domain.shared import clock
from openjxc.services.inventory import approval, documents
from openjxc.services.inventory.documents import DocumentInput, LineInput
from openjxc.services.unit_of_work import UnitOfWork

MARKER = "演示数据"


def load_demo_stock(new_uow: Callable[[], UnitOfWork], actor: Actor) -> int:
    """Post each demo document unless it is there; return how many were posted."""
    today = clock.today()
    first = today.replace(day=1)
    expiry = today + timedelta(days=20)
    plans = [
        DocumentInput(
            "opening_stock",
            first,
            "CW",
            [
                LineInput(
                    "01010001",
                    "24",
                    unit="盒",
                    unit_cost="38.50",
                    batch=f"DN{first:%Y%m}01",
                    production_date=first,
                    expiry=expiry,
                ),
                LineInput("01020001", "40", unit="袋", unit_cost="155.00"),
                LineInput("01020002", "20", unit="袋", unit_cost="150.00"),
                LineInput("01030001", "10", unit="袋", unit_cost="340.00"),
                LineInput(
                    "01040001",
                    "3",
                    unit="箱",
                    unit_cost="270.00",
                    batch=f"JD{first:%Y%m}01",
                    production_date=first,
                ),
                LineInput("03000001", "500", unit_cost="1.20"),
            ],
        ),
        DocumentInput(
            "opening_stock",
            today,
            "S01",
            [
                LineInput(
                    "02010001",
                    "2",
                    unit="箱",
                    unit_cost="216.00",
                    batch=f"TS{today:%Y%m%d}",
                    production_date=today,
                ),
                LineInput(
                    "02010002",
                    "10",
                    unit="盒",
                    unit_cost="36.00",
                    batch=f"NJ{today:%Y%m%d}",
                    production_date=today,
                ),
            ],
        ),
        DocumentInput(
            "transfer",
            today,
            "CW",
            [
                LineInput("01020001", "4", unit="袋"),
                LineInput("03000001", "100"),
            ],
            to_warehouse="S01",
        ),
        DocumentInput("other_issue", today, "S01", [LineInput("02010001", "3")], reason="sample"),
    ]
    posted = 0
    for i, data in enumerate(plans, start=1):
        marker = f"{MARKER} {i}/{len(plans)}"
        with new_uow() as uow:
            if uow.documents.get_by(remarks=marker) is not None:
                continue
        doc = documents.create_document(replace(data, remarks=marker), actor, new_uow())
        approval.approve_document(doc.number, actor, new_uow())
        posted += 1
    return posted
