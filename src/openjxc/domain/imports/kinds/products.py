"""Products (商品): units with factors, a barcode per unit, tracking, valuation, tax, prices.

Extra units are ``EXTRA_UNITS`` groups of three columns (unit, factor, barcode); prices per
price level are one column each, headed by the level's name (零售价, 批发价 …).
"""

from __future__ import annotations

from collections.abc import Mapping

from openjxc.domain.catalog.price_levels import PRICE_LEVELS, default_name
from openjxc.domain.catalog.product import Tracking
from openjxc.domain.imports.columns import Choice, ColumnType, ImportColumn, ImportKind
from openjxc.domain.inventory.valuation.methods import ValuationMethod
from openjxc.domain.shared.numbers import PRICE_SCALE, QTY_SCALE

EXTRA_UNITS = 3
PRICES = ("list_price", "purchase_price", "min_sale_price")

TRACKING = (
    Choice(Tracking.NONE, "不管理", "none"),
    Choice(Tracking.BATCH, "批次管理", "batch"),
)
VALUATION = (
    Choice(ValuationMethod.MOVING_AVERAGE, "移动加权平均", "moving average"),
    Choice(ValuationMethod.FIFO, "先进先出", "FIFO"),
)


def level_key(level: int) -> str:
    return f"level_price_{level}"


def unit_keys(n: int) -> tuple[str, str, str]:
    return f"unit_{n}", f"unit_{n}_factor", f"unit_{n}_barcode"


def _unit_columns(n: int) -> tuple[ImportColumn, ...]:
    name, factor, barcode = unit_keys(n)
    return (
        ImportColumn(
            name,
            f"辅助单位{n}",
            f"Unit {n}",
            note_zh="另一个单位的名称，如 箱",
            note_en="Another unit's name, e.g. box",
            example="箱" if n == 1 else "",
        ),
        ImportColumn(
            factor,
            f"换算系数{n}",
            f"Unit {n} factor",
            ColumnType.DECIMAL,
            scale=QTY_SCALE,
            note_zh=f"1 辅助单位{n} = 多少基本单位",
            note_en=f"Base units in one unit {n}",
            example="24" if n == 1 else "",
        ),
        ImportColumn(
            barcode,
            f"条码{n}",
            f"Unit {n} barcode",
            note_zh=f"辅助单位{n}的条码（可空）",
            note_en=f"Barcode of unit {n} (optional)",
            example="6901234567892" if n == 1 else "",
        ),
    )


def product_kind(level_names: Mapping[int, str] | None = None) -> ImportKind:
    """The product columns; the price-level columns are headed by the company's level names."""
    names = dict(level_names or {})
    levels = tuple(
        ImportColumn(
            level_key(level),
            names.get(level) or default_name(level),
            f"Level {level} price",
            ColumnType.DECIMAL,
            scale=PRICE_SCALE,
            aliases=(default_name(level), f"等级价{level}"),
            note_zh="该价格等级的不含税单价（每基本单位）",
            note_en="Tax-exclusive price per base unit at this price level",
            example="12.5" if level == 1 else "",
        )
        for level in range(1, PRICE_LEVELS + 1)
    )
    units = tuple(c for n in range(1, EXTRA_UNITS + 1) for c in _unit_columns(n))
    return ImportKind("products", "商品", "Products", (*_COLUMNS, *units, *_MORE, *levels))


_COLUMNS = (
    ImportColumn(
        "code",
        "商品编码",
        "Code",
        required=True,
        aliases=("编码", "product_code"),
        note_zh="唯一编码：字母、数字、点、下划线或连字符，最多 32 位",
        note_en="Unique code: letters, digits, dot, underscore or hyphen, up to 32",
        example="P001",
    ),
    ImportColumn(
        "name",
        "商品名称",
        "Name",
        required=True,
        aliases=("名称", "品名"),
        note_zh="最多 100 个字符",
        note_en="Up to 100 characters",
        example="淡奶油",
    ),
    ImportColumn(
        "category",
        "商品分类编码",
        "Category code",
        ColumnType.REFERENCE,
        reference="category",
        aliases=("商品分类", "分类", "分类编码"),
        note_zh="已有分类的编码（可空）",
        note_en="An existing category's code (optional)",
        example="0101",
    ),
    ImportColumn(
        "spec",
        "规格型号",
        "Spec",
        aliases=("规格",),
        note_zh="最多 100 个字符",
        note_en="Up to 100 characters",
        example="1L",
    ),
    ImportColumn(
        "base_unit",
        "基本单位",
        "Base unit",
        required=True,
        aliases=("单位",),
        note_zh="库存计量单位，必填",
        note_en="The stock unit; required",
        example="瓶",
    ),
    ImportColumn(
        "base_unit_decimals",
        "基本单位小数位",
        "Base unit decimals",
        ColumnType.INTEGER,
        note_zh="0–6，空白为 0（按整数计量）",
        note_en="0–6; empty means 0 (whole units)",
        example="0",
    ),
    ImportColumn(
        "barcode",
        "条码",
        "Barcode",
        aliases=("基本单位条码",),
        note_zh="基本单位的条码（可空）",
        note_en="The base unit's barcode (optional)",
        example="6901234567891",
    ),
)

_MORE = (
    ImportColumn(
        "tracking",
        "批次管理",
        "Tracking",
        ColumnType.ENUM,
        choices=TRACKING,
        note_zh="不管理 或 批次管理",
        note_en="none or batch",
        example="不管理",
    ),
    ImportColumn(
        "shelf_life_days",
        "保质期（天）",
        "Shelf life days",
        ColumnType.INTEGER,
        aliases=("保质期",),
        note_zh="0–36500（可空）",
        note_en="0–36500 (optional)",
        example="",
    ),
    ImportColumn(
        "valuation_method",
        "计价方法",
        "Valuation method",
        ColumnType.ENUM,
        choices=VALUATION,
        note_zh="移动加权平均 或 先进先出，空白为移动加权平均",
        note_en="moving average or FIFO; empty means moving average",
        example="移动加权平均",
    ),
    ImportColumn(
        "tax_rate",
        "税率",
        "Tax rate",
        note_zh="13、13% 或 0.13 都是 13%；空白为 13%",
        note_en="13, 13% or 0.13 all mean 13%; empty means 13%",
        example="13%",
    ),
    ImportColumn(
        "list_price",
        "标准售价",
        "List price",
        ColumnType.DECIMAL,
        scale=PRICE_SCALE,
        aliases=("售价",),
        note_zh="不含税，每基本单位",
        note_en="Tax-exclusive, per base unit",
        example="12.5",
    ),
    ImportColumn(
        "purchase_price",
        "参考进价",
        "Purchase price",
        ColumnType.DECIMAL,
        scale=PRICE_SCALE,
        aliases=("进价",),
        note_zh="不含税，每基本单位",
        note_en="Tax-exclusive, per base unit",
        example="8",
    ),
    ImportColumn(
        "min_sale_price",
        "最低售价",
        "Minimum sale price",
        ColumnType.DECIMAL,
        scale=PRICE_SCALE,
        note_zh="不含税，每基本单位；不能高于标准售价",
        note_en="Tax-exclusive, per base unit; not above the list price",
        example="10",
    ),
    ImportColumn(
        "active",
        "启用",
        "Active",
        ColumnType.BOOL,
        note_zh="是/否，空白为是",
        note_en="yes/no; empty means yes",
        example="是",
    ),
)
