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
    #: the organisation's in-transit warehouse (在途仓): stock of two-step transfers between
    #: their issue and their receipt; created by the system, never named on a document
    transit: bool = False
    id: int | None = None
