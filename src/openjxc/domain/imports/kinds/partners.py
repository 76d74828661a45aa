"""Partners (往来单位): customers and suppliers, with a contact, terms, credit limit, price level."""

from __future__ import annotations

from openjxc.domain.catalog.partner import PartnerKind
from openjxc.domain.imports.columns import Choice, ColumnType, ImportColumn, ImportKind
from openjxc.domain.shared.numbers import MONEY_SCALE

KINDS = (
    Choice(PartnerKind.CUSTOMER, "客户", "customer"),
    Choice(PartnerKind.SUPPLIER, "供应商", "supplier"),
    Choice(PartnerKind.BOTH, "客户兼供应商", "both"),
)

KIND = ImportKind(
    "partners",
    "往来单位",
    "Partners",
    (
        ImportColumn(
            "code",
            "单位编码",
            "Code",
            required=True,
            aliases=("编码", "客户编码", "供应商编码", "partner_code"),
            note_zh="唯一编码：字母、数字、点、下划线或连字符，最多 32 位",
            note_en="Unique code: letters, digits, dot, underscore or hyphen, up to 32",
            example="C001",
        ),
        ImportColumn(
            "name",
            "单位名称",
            "Name",
            required=True,
            aliases=("名称", "客户名称", "供应商名称"),
            note_zh="最多 100 个字符",
            note_en="Up to 100 characters",
            example="上海鲜果贸易有限公司",
        ),
        ImportColumn(
            "kind",
            "类型",
            "Kind",
            ColumnType.ENUM,
            required=True,
            choices=KINDS,
            aliases=("单位类型",),
            note_zh="客户、供应商 或 客户兼供应商",
            note_en="customer, supplier or both",
            example="客户",
        ),
        ImportColumn(
            "contact",
            "联系人",
            "Contact",
            note_zh="第一联系人的姓名，最多 50 个字符",
            note_en="The first contact's name, up to 50 characters",
            example="王五",
        ),
        ImportColumn(
            "phone",
            "电话",
            "Phone",
            aliases=("联系电话", "手机"),
            note_zh="第一联系人的电话（需填联系人）",
            note_en="The first contact's phone (needs a contact)",
            example="13800000000",
        ),
        ImportColumn(
            "address",
            "地址",
            "Address",
            note_zh="最多 200 个字符",
            note_en="Up to 200 characters",
            example="上海市浦东新区",
        ),
        ImportColumn(
            "payment_terms_days",
            "账期（天）",
            "Payment terms days",
            ColumnType.INTEGER,
            aliases=("账期", "payment_terms"),
            note_zh="0–3650，空白为 0",
            note_en="0–3650; empty means 0",
            example="30",
        ),
        ImportColumn(
            "credit_limit",
            "信用额度",
            "Credit limit",
            ColumnType.DECIMAL,
            scale=MONEY_SCALE,
            note_zh="空白为不限",
            note_en="Empty means no limit",
            example="50000",
        ),
        ImportColumn(
            "price_level",
            "价格等级",
            "Price level",
            note_zh="1–10 或价格等级的名称（如 批发价），空白为不指定",
            note_en="1–10 or the price level's name (e.g. 批发价); empty for none",
            example="批发价",
        ),
        ImportColumn(
            "tax_rate",
            "税率",
            "Tax rate",
            note_zh="13、13% 或 0.13 都是 13%；空白为按商品税率",
            note_en="13, 13% or 0.13 all mean 13%; empty means each product's rate",
            example="",
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
    ),
)
