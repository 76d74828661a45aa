"""Categories (商品分类): a tree, each row naming its parent by code."""

from __future__ import annotations

from openjxc.domain.imports.columns import ColumnType, ImportColumn, ImportKind

KIND = ImportKind(
    "categories",
    "商品分类",
    "Categories",
    (
        ImportColumn(
            "code",
            "分类编码",
            "Code",
            required=True,
            aliases=("编码",),
            note_zh="唯一编码：字母、数字、点、下划线或连字符，最多 32 位",
            note_en="Unique code: letters, digits, dot, underscore or hyphen, up to 32",
            example="0101",
        ),
        ImportColumn(
            "name",
            "分类名称",
            "Name",
            required=True,
            aliases=("名称",),
            note_zh="最多 100 个字符",
            note_en="Up to 100 characters",
            example="乳制品",
        ),
        ImportColumn(
            "parent",
            "上级分类编码",
            "Parent code",
            ColumnType.REFERENCE,
            reference="category",
            aliases=("上级分类", "parent_code"),
            note_zh="空白为顶级分类；可以是本文件中的另一行",
            note_en="Empty for a top-level category; may be another row of this file",
            example="01",
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
