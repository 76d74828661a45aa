"""Master data: organisations, categories, products, warehouses, partners."""

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Integer,
    SmallInteger,
    String,
    Table,
    UniqueConstraint,
    text,
)

from openjxc.adapters.db.metadata import metadata
from openjxc.adapters.db.tables._columns import active_column, code_column, id_column, timestamps
from openjxc.adapters.db.types import EnumText, Scaled
from openjxc.domain.catalog.organisation import OrganisationKind
from openjxc.domain.catalog.partner import PartnerKind
from openjxc.domain.catalog.product import Tracking
from openjxc.domain.inventory.valuation.methods import ValuationMethod
from openjxc.domain.shared.numbers import MONEY_SCALE, PRICE_SCALE, QTY_SCALE, RATE_SCALE

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

category = Table(
    "category",
    metadata,
    id_column(),
    code_column(),
    Column("name", String(100), nullable=False),
    Column("parent_id", Integer, ForeignKey("category.id"), nullable=True, index=True),
    active_column(),
    *timestamps(),
)

product = Table(
    "product",
    metadata,
    id_column(),
    code_column(),
    Column("name", String(100), nullable=False),
    Column("spec", String(100), nullable=False, server_default=""),
    Column("category_id", Integer, ForeignKey("category.id"), nullable=True, index=True),
    Column("base_unit", String(16), nullable=False),
    Column("base_unit_decimals", SmallInteger, nullable=False, server_default=text("0")),
    Column("tracking", EnumText(Tracking), nullable=False),
    Column("shelf_life_days", Integer, nullable=True),
    Column("valuation_method", EnumText(ValuationMethod), nullable=False),
    Column("tax_rate", Scaled(RATE_SCALE), nullable=False),
    Column("list_price", Scaled(PRICE_SCALE), nullable=True),
    Column("purchase_price", Scaled(PRICE_SCALE), nullable=True),
    Column("min_sale_price", Scaled(PRICE_SCALE), nullable=True),
    Column("pinyin", String(100), nullable=False, server_default=""),
    active_column(),
    *timestamps(),
)

product_unit = Table(
    "product_unit",
    metadata,
    id_column(),
    Column("product_id", Integer, ForeignKey("product.id"), nullable=False),
    Column("name", String(16), nullable=False),
    Column("factor", Scaled(QTY_SCALE), nullable=False),
    UniqueConstraint("product_id", "name"),
)

# one table for the barcodes of every product and unit: its unique index is what makes a
# barcode name exactly one (product, unit), even under concurrent writes
product_barcode = Table(
    "product_barcode",
    metadata,
    id_column(),
    Column("barcode", String(64), nullable=False, unique=True),
    Column("product_id", Integer, ForeignKey("product.id"), nullable=False, index=True),
    Column("unit", String(16), nullable=False),
)

warehouse = Table(
    "warehouse",
    metadata,
    id_column(),
    code_column(),
    Column("name", String(100), nullable=False),
    Column("organisation_id", Integer, ForeignKey("organisation.id"), nullable=False, index=True),
    Column("allow_negative_stock", Boolean, nullable=False, server_default=text("false")),
    Column("address", String(200), nullable=False, server_default=""),
    Column("keeper", String(50), nullable=False, server_default=""),
    active_column(),
    Column("transit", Boolean, nullable=False, server_default=text("false")),
    *timestamps(),
)

partner = Table(
    "partner",
    metadata,
    id_column(),
    code_column(),
    Column("name", String(100), nullable=False),
    Column("kind", EnumText(PartnerKind), nullable=False),
    Column("address", String(200), nullable=False, server_default=""),
    Column("tax_number", String(30), nullable=False, server_default=""),
    Column("tax_rate", Scaled(RATE_SCALE), nullable=True),
    Column("payment_terms_days", Integer, nullable=False, server_default=text("0")),
    Column("credit_limit", Scaled(MONEY_SCALE), nullable=True),
    Column("price_level", SmallInteger, nullable=True),
    Column("strategic", Boolean, nullable=False, server_default=text("false")),
    Column("pinyin", String(100), nullable=False, server_default=""),
    active_column(),
    *timestamps(),
)

partner_contact = Table(
    "partner_contact",
    metadata,
    id_column(),
    Column("partner_id", Integer, ForeignKey("partner.id"), nullable=False, index=True),
    Column("name", String(50), nullable=False),
    Column("phone", String(50), nullable=False, server_default=""),
    Column("email", String(100), nullable=False, server_default=""),
    Column("position", String(50), nullable=False, server_default=""),
)

stock_setting = Table(
    "stock_setting",
    metadata,
    id_column(),
    Column("product_id", Integer, ForeignKey("product.id"), nullable=False),
    Column("warehouse_id", Integer, ForeignKey("warehouse.id"), nullable=False, index=True),
    Column("safety_stock", Scaled(QTY_SCALE), nullable=True),
    Column("reorder_point", Scaled(QTY_SCALE), nullable=True),
    Column("max_stock", Scaled(QTY_SCALE), nullable=True),
    # 战略储备: kept back from every sales order but strategic customers'
    Column("strategic_reserve", Scaled(QTY_SCALE), nullable=True),
    *timestamps(),
    UniqueConstraint("product_id", "warehouse_id"),
)
