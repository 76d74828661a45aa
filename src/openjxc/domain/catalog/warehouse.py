"""Warehouses (仓库): each belongs to an organisation; negative stock is off unless switched on."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(eq=False)
class Warehouse:
    code: str
    name: str
    organisation_id: int
    allow_negative_stock: bool = False
    address: str = ""
    keeper: str = ""
    active: bool = True
    id: int | None = None
