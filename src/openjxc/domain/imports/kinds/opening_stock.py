"""Opening stock (期初库存): a line per warehouse, product and batch, with its unit and cost.

The unit column is required and must name a unit of the product: no default unit, ever (the
empty unit read as grams instead of kilograms that froze a company's books).
"""

from __future__ import annotations

from openjxc.domain.imports.columns import ColumnType, ImportColumn, ImportKind
from openjxc.domain.shared.numbers import PRICE_SCALE, QTY_SCALE

KIND = ImportKind(
    "opening_stock",
    "期初库存",
    "Opening stock",
    (
        ImportColumn(
            "warehouse",
            "仓库编码",
            "Warehouse code",
            ColumnType.REFERENCE,
            required=True,
            reference="warehouse",
            aliases=("仓库",),
            note_zh="已有仓库的编码",
            note_en="An existing warehouse's code",
            example="CW",
        ),
        ImportColumn(
            "product",
            "商品编码",
            "Product code",
            ColumnType.REFERENCE,
            required=True,
            reference="product",
            aliases=("商品", "product_code"),
            note_zh="已有商品的编码",
            note_en="An existing product's code",
            example="P001",
        ),
        ImportColumn(
            "unit",
            "单位",
            "Unit",
            required=True,
            note_zh="必填：该商品的基本单位或辅助单位之一（不会默认任何单位）",
            note_en="Required: the product's base unit or one of its units (never defaulted)",
            example="箱",
        ),
        ImportColumn(
            "qty",
            "数量",
            "Quantity",
            ColumnType.DECIMAL,
            required=True,
            scale=QTY_SCALE,
            note_zh="按上一列的单位计，大于 0",
            note_en="In the unit of the previous column; above 0",
            example="10",
        ),
        ImportColumn(
            "unit_cost",
            "单位成本",
            "Unit cost",
            ColumnType.DECIMAL,
            required=True,
            scale=PRICE_SCALE,
            aliases=("成本单价", "单价"),
            note_zh="每个上述单位的成本，不含税",
            note_en="The cost of one such unit, tax-exclusive",
            example="96",
        ),
        ImportColumn(
            "batch",
            "批次号",
            "Batch",
            aliases=("批次", "批号"),
            note_zh="批次管理的商品必填",
            note_en="Required for batch-tracked products",
            example="",
        ),
        ImportColumn(
            "production_date",
            "生产日期",
            "Production date",
            ColumnType.DATE,
            note_zh="YYYY-MM-DD（可空）",
            note_en="YYYY-MM-DD (optional)",
            example="",
        ),
        ImportColumn(
            "expiry",
            "有效期至",
            "Expiry",
            ColumnType.DATE,
            aliases=("到期日",),
            note_zh="YYYY-MM-DD；空白按生产日期和保质期计算",
            note_en="YYYY-MM-DD; empty: from the production date and shelf life",
            example="",
        ),
        ImportColumn(
            "date",
            "期初日期",
            "Date",
            ColumnType.DATE,
            aliases=("日期",),
            note_zh="YYYY-MM-DD，须在未结账的月份；空白为今天",
            note_en="YYYY-MM-DD, in an open month; empty means today",
            example="",
        ),
    ),
    key=("warehouse", "product", "batch"),
)
