"""Master data: organisations, categories, products, warehouses, partners."""

from sqlalchemy import Column, ForeignKey, Integer, String, Table

from openjxc.adapters.db.metadata import metadata
from openjxc.adapters.db.tables._columns import active_column, code_column, id_column, timestamps
from openjxc.adapters.db.types import EnumText
from openjxc.domain.catalog.organisation import OrganisationKind

organisation = Table(
    "organisation",
    metadata,
    id_column(),
    code_column(),
    Column("name", String(100), nullable=False),
    Column("kind", EnumText(OrganisationKind), nullable=False),
    Column("parent_id", Integer, ForeignKey("organisation.id"), nullable=True),
    Column("address", String(200), nullable=False, server_default=""),
    Column("phone", String(50), nullable=False, server_default=""),
    active_column(),
    *timestamps(),
)
