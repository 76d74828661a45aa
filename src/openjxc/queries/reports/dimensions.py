"""The grouping dimensions reports share: product, warehouse, category (columns and SQL)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import FromClause

from openjxc.adapters.db.tables import catalog
from openjxc.queries.reports.framework import Column, Context

p, w, c = catalog.product, catalog.warehouse, catalog.category

COLUMNS: tuple[Column, ...] = (
    Column("product", "商品编码", "Product", dim="product"),
    Column("product_name", "商品名称", "Product name", dim="product"),
    Column("base_unit", "单位", "Unit", dim="product"),
    Column("category", "分类编码", "Category", dim="category"),
    Column("category_name", "分类名称", "Category name", dim="category"),
    Column("warehouse", "仓库编码", "Warehouse", dim="warehouse"),
    Column("warehouse_name", "仓库名称", "Warehouse name", dim="warehouse"),
)

KEYS = ("product", "warehouse", "category")


def selected(context: Context) -> list[Any]:
    """The dimension columns of the chosen grouping, labelled as in ``COLUMNS``."""
    by = context.get("by", ("product",))
    columns: list[Any] = []
    if "product" in by:
        columns += [
            p.c.code.label("product"),
            p.c.name.label("product_name"),
            p.c.base_unit.label("base_unit"),
        ]
    if "category" in by:
        columns += [c.c.code.label("category"), c.c.name.label("category_name")]
    if "warehouse" in by:
        columns += [w.c.code.label("warehouse"), w.c.name.label("warehouse_name")]
    return columns


def keys(context: Context) -> tuple[str, ...]:
    """The stream columns the chosen grouping needs (category comes with the product)."""
    by = context.get("by", ("product",))
    product = ("product_id",) if "product" in by or "category" in by else ()
    return product + (("warehouse_id",) if "warehouse" in by else ())


def joined(rows: Any) -> FromClause:
    """``rows`` (with the columns of ``keys``) joined to the tables the dimensions name."""
    joined: FromClause = rows
    if "product_id" in rows.c:
        joined = joined.join(p, p.c.id == rows.c.product_id).outerjoin(c, c.c.id == p.c.category_id)
    if "warehouse_id" in rows.c:
        joined = joined.join(w, w.c.id == rows.c.warehouse_id)
    return joined
