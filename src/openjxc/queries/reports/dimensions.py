"""The grouping dimensions reports share: product, warehouse, category (columns and SQL)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import FromClause, case, func

from openjxc.adapters.db.tables import catalog
from openjxc.queries.reports.framework import Column, Context

p, w, c = catalog.product, catalog.warehouse, catalog.category

COLUMNS: tuple[Column, ...] = (
    Column("product", "商品编码", "Product", dim="product"),
    Column("product_name", "商品名称", "Product name", dim="product"),
    # grouped by product, its unit; grouped otherwise, the unit its products share, if one
    Column("base_unit", "单位", "Unit"),
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
    """The stream columns the chosen grouping needs: always the product, whose unit tells
    whether a row's quantities may be added up (category comes with the product)."""
    by = context.get("by", ("product",))
    return ("product_id",) + (("warehouse_id",) if "warehouse" in by else ())


def unit_figures(context: Context) -> tuple[list[Any], Callable[[Any], Any]]:
    """The unit column and a wrapper for the quantity sums of a grouping without the product.

    Quantities never add up across units (1 kg + 2 个): grouped by category or warehouse, a
    row shows its quantities and unit only when all its products count in one base unit, and
    its amounts alone otherwise. Grouped by product, the product's unit is a dimension."""
    if "product" in context.get("by", ("product",)):
        return [], lambda qty: qty
    one = func.min(p.c.base_unit) == func.max(p.c.base_unit)
    return [case((one, func.min(p.c.base_unit))).label("base_unit")], lambda qty: case((one, qty))


def joined(rows: Any) -> FromClause:
    """``rows`` (with the columns of ``keys``) joined to the tables the dimensions name."""
    joined: FromClause = rows
    if "product_id" in rows.c:
        joined = joined.join(p, p.c.id == rows.c.product_id).outerjoin(c, c.c.id == p.c.category_id)
    if "warehouse_id" in rows.c:
        joined = joined.join(w, w.c.id == rows.c.warehouse_id)
    return joined
