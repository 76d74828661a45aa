"""Batches (批次) of batch-tracked products: number, production date, expiry, hold."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(eq=False)
class Batch:
    product_id: int
    batch_no: str
    production_date: date | None = None
    expiry_date: date | None = None
    on_hold: bool = False
    hold_reason: str = ""
    created_at: datetime | None = None
    id: int | None = None

    def is_expired(self, day: date) -> bool:
        return self.expiry_date is not None and self.expiry_date < day
