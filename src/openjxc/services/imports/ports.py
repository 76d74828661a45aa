"""What the import engine needs from storage: the import records, bulk reads and bulk writes.

Imports write thousands of rows: the store reads what exists with one query per kind of
record (in chunks of codes, never one query per row) and writes with executemany, not one
ORM object per row. ``insert``/``update`` take plain rows of a table the adapter knows by
name (``ENTITIES`` there); timestamps are the adapter's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, Protocol

from openjxc.domain.access.actor import Actor
from openjxc.domain.catalog.category import Category
from openjxc.domain.catalog.organisation import Organisation
from openjxc.domain.catalog.partner import Partner
from openjxc.domain.catalog.product import Product
from openjxc.domain.catalog.warehouse import Warehouse


class ImportStatus(StrEnum):
    DRY_RUN = "dry_run"
    CONFIRMED = "confirmed"
    FAILED = "failed"  # a confirmation was refused: the file now has errors


@dataclass
class ImportRecord:
    """One uploaded file and what became of it; the file itself is kept for the confirmation."""

    kind: str
    file_name: str
    sha256: str
    status: ImportStatus
    counts: dict[str, int]
    created_by: int | None
    created_at: datetime
    organisation_id: int | None = None
    confirmed_at: datetime | None = None
    #: the dry run's rows of interest (capped), for a screen to show again
    result: dict[str, Any] = field(default_factory=dict)
    id: int | None = None


@dataclass(frozen=True)
class StoredProduct:
    """A product as it is, with its price-level prices (level -> price)."""

    product: Product
    level_prices: dict[int, Decimal]


@dataclass(frozen=True)
class BarcodeHolder:
    product_id: int
    product_code: str
    product_name: str
    unit: str


class ImportStore(Protocol):
    def add(self, record: ImportRecord, content: bytes) -> int: ...
    def get(self, id: int) -> ImportRecord | None: ...
    def content(self, id: int) -> bytes: ...
    def save(self, record: ImportRecord) -> None:
        """Write the record's status, counts, result and confirmation time."""

    def categories(self) -> list[Category]:
        """Every category (a tree is checked whole)."""

    def organisations(self) -> list[Organisation]: ...
    def warehouses(self) -> list[Warehouse]: ...
    def products(self, codes: Iterable[str]) -> dict[str, StoredProduct]:
        """The products of these codes that exist, with units, barcodes and level prices."""

    def partners(self, codes: Iterable[str]) -> dict[str, Partner]:
        """The partners of these codes that exist, with their contacts (in order)."""

    def average_costs(self, product_ids: Iterable[int]) -> dict[int, Decimal]:
        """Each product's current average unit cost over every warehouse holding it."""

    def confirmed(self, kind: str, sha256: str) -> ImportRecord | None:
        """A confirmed import of this kind of the file of this hash, if there is one."""

    def barcode_holders(self, barcodes: Iterable[str]) -> dict[str, BarcodeHolder]:
        """Which product holds each of these barcodes (those held by none are left out)."""

    def products_in_use(self, product_ids: Iterable[int]) -> set[int]:
        """The products that stock or documents already refer to."""

    def insert(self, entity: str, rows: Sequence[dict[str, Any]]) -> list[int]:
        """Insert the rows; their new ids, in order (for tables with an id)."""

    def update(self, entity: str, rows: Sequence[dict[str, Any]]) -> None:
        """Update rows by ``id`` (every row gives the same columns)."""

    def delete_of_products(self, entity: str, product_ids: Sequence[int]) -> None:
        """Delete a product's own rows (units, barcodes, level prices) before writing them anew."""

    def delete_of_partners(self, entity: str, partner_ids: Sequence[int]) -> None:
        """Delete a partner's own rows (contacts) before writing them anew."""

    def audit(self, actor: Actor, entries: Sequence[tuple[str, str, object, Any, Any]]) -> None:
        """Audit records (action, entity, id, before, after), in one statement."""
