"""Map the plain domain classes onto the tables (classical mapping: the domain knows no ORM)."""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import event
from sqlalchemy.orm import Session, registry, relationship

from openjxc.adapters.db.tables import access, catalog, inventory, trading
from openjxc.domain.access.user import ApiToken, Role, User
from openjxc.domain.catalog.category import Category
from openjxc.domain.catalog.organisation import Organisation
from openjxc.domain.catalog.partner import Partner, PartnerContact
from openjxc.domain.catalog.product import Barcode, Product, ProductUnit
from openjxc.domain.catalog.stock_setting import StockSetting
from openjxc.domain.catalog.warehouse import Warehouse
from openjxc.domain.documents.document import Document, DocumentLine
from openjxc.domain.inventory.batch import Batch
from openjxc.domain.shared import clock
from openjxc.domain.trading.payment import Payment

mapper_registry = registry()
_started = False


def start_mappers() -> None:
    """Map every aggregate once per process."""
    global _started
    if _started:
        return
    _started = True
    mapper_registry.map_imperatively(Role, access.role)
    mapper_registry.map_imperatively(User, access.user_account)
    mapper_registry.map_imperatively(ApiToken, access.api_token)
    mapper_registry.map_imperatively(Organisation, catalog.organisation)
    _map_catalog()
    _map_inventory()
    mapper_registry.map_imperatively(Payment, trading.payment)
    event.listen(Session, "before_flush", _stamp_times)


def _map_catalog() -> None:
    mapper_registry.map_imperatively(Category, catalog.category)
    mapper_registry.map_imperatively(ProductUnit, catalog.product_unit)
    mapper_registry.map_imperatively(Barcode, catalog.product_barcode)
    mapper_registry.map_imperatively(
        Product,
        catalog.product,
        properties={
            "units": _children(ProductUnit, catalog.product_unit.c.id),
            # read on first use: lines, lookups and postings never need them
            "barcodes": _children(Barcode, catalog.product_barcode.c.id, lazy="select"),
        },
    )
    mapper_registry.map_imperatively(Warehouse, catalog.warehouse)
    mapper_registry.map_imperatively(PartnerContact, catalog.partner_contact)
    mapper_registry.map_imperatively(
        Partner,
        catalog.partner,
        properties={"contacts": _children(PartnerContact, catalog.partner_contact.c.id)},
    )
    mapper_registry.map_imperatively(StockSetting, catalog.stock_setting)


def _map_inventory() -> None:
    mapper_registry.map_imperatively(Batch, inventory.batch)
    mapper_registry.map_imperatively(DocumentLine, inventory.document_line)
    mapper_registry.map_imperatively(
        Document,
        inventory.document,
        properties={"lines": _children(DocumentLine, inventory.document_line.c.line_no)},
    )


def _children(cls: type, order: Any, lazy: Literal["selectin", "select"] = "selectin") -> Any:
    """Rows owned by their parent: saved and deleted with it, loaded with it in one query
    (or, ``lazy="select"``, when first read)."""
    return relationship(cls, cascade="all, delete-orphan", order_by=order, lazy=lazy)


def _stamp_times(session: Session, _context: Any, _instances: Any) -> None:
    """created_at/updated_at are set here, so no service can forget them."""
    now = clock.now()
    for obj in session.new:
        if hasattr(type(obj), "created_at") and getattr(obj, "created_at", None) is None:
            obj.created_at = now
        if hasattr(type(obj), "updated_at"):
            obj.updated_at = now
    for obj in session.dirty:
        if hasattr(type(obj), "updated_at") and session.is_modified(obj):
            obj.updated_at = now
