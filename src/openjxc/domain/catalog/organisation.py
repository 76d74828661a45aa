"""Organisations: the head office (总部) and its stores (门店)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class OrganisationKind(StrEnum):
    HEADQUARTERS = "headquarters"
    STORE = "store"


@dataclass(eq=False)
class Organisation:
    code: str
    name: str
    kind: OrganisationKind = OrganisationKind.STORE
    parent_id: int | None = None
    address: str = ""
    phone: str = ""
    active: bool = True
    id: int | None = None
