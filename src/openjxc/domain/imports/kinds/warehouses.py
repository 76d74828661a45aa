"""Warehouses (仓库): each in an organisation named by its code."""

from __future__ import annotations

from openjxc.domain.imports.columns import ColumnType, ImportColumn, ImportKind

KIND = ImportKind(
    "warehouses",
    "仓库",
    "Warehouses",
    (
        ImportColumn(
            "code",
            "仓库编码",
            "Code",
            required=True,
            aliases=("编码",),
            note_zh="唯一编码：字母、数字、点、下划线或连字符，最多 32 位",
            note_en="Unique code: letters, digits, dot, underscore or hyphen, up to 32",
            example="CW",
        ),
        ImportColumn(
            "name",
            "仓库名称",
            "Name",
            required=True,
            aliases=("名称",),
            note_zh="最多 100 个字符",
            note_en="Up to 100 characters",
            example="中央仓",
        ),
        ImportColumn(
            "organisation",
            "所属组织编码",
            "Organisation code",
            ColumnType.REFERENCE,
            required=True,
            reference="organisation",
            aliases=("所属组织", "组织"),
            note_zh="已有组织的编码",
            note_en="The code of an existing organisation",
            example="HQ",
        ),
        ImportColumn(
            "allow_negative_stock",
            "允许负库存",
            "Allow negative stock",
            ColumnType.BOOL,
            note_zh="是/否，空白为否",
            note_en="yes/no; empty means no",
            example="否",
        ),
        ImportColumn(
            "address",
            "地址",
            "Address",
            note_zh="最多 200 个字符",
            note_en="Up to 200 characters",
            example="上海市徐汇区",
        ),
        ImportColumn(
            "keeper",
            "仓管员",
            "Keeper",
            note_zh="最多 50 个字符",
            note_en="Up to 50 characters",
            example="张三",
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
