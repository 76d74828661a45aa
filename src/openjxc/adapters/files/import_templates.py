"""The .xlsx template of an import kind: what a user fills in.

Row 1 holds the Chinese headers (a ``*`` marks a required column), row 2 the English keys,
hidden (the reader matches them exactly when it finds them), row 3 an example. Every header
carries a note (Chinese and English); enumerations and yes/no columns get a drop-down; text
columns (codes, barcodes) are formatted as text so that Excel keeps leading zeros and long
digit strings as typed.
"""

from __future__ import annotations

import io

import xlsxwriter

from openjxc.domain.imports.cells import FALSE_WORD, TRUE_WORD
from openjxc.domain.imports.columns import ColumnType, ImportColumn, ImportKind

#: rows the drop-downs and text formats cover
TEMPLATE_ROWS = 10_000


def import_template(kind: ImportKind) -> bytes:
    """The template of ``kind`` as .xlsx bytes."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(kind.zh[:31])
    header = book.add_format({"bold": True, "bg_color": "#E8EEF7", "border": 1})
    required = book.add_format({"bold": True, "bg_color": "#FDE9D9", "border": 1})
    as_text = book.add_format({"num_format": "@"})
    for index, column in enumerate(kind.columns):
        title = f"{column.zh}*" if column.required else column.zh
        sheet.write_string(0, index, title, required if column.required else header)
        sheet.write_string(1, index, column.key)
        sheet.write_comment(0, index, _note(column), {"x_scale": 2, "y_scale": 1.2})
        text_like = column.type in (ColumnType.TEXT, ColumnType.REFERENCE)
        sheet.set_column(
            index, index, max(10, len(column.zh) * 2 + 4), as_text if text_like else None
        )
        if column.example:
            sheet.write_string(2, index, column.example)
        choices = _choices(column)
        if choices:
            sheet.data_validation(
                2, index, TEMPLATE_ROWS, index, {"validate": "list", "source": choices}
            )
    sheet.set_row(1, None, None, {"hidden": True})
    sheet.freeze_panes(2, 0)
    book.close()
    return buffer.getvalue()


def _note(column: ImportColumn) -> str:
    lines = [column.zh + ("（必填）" if column.required else ""), column.note_zh, "", column.en]
    if column.required:
        lines[-1] += " (required)"
    lines.append(column.note_en)
    return "\n".join(line for line in lines if line is not None)


def _choices(column: ImportColumn) -> list[str]:
    if column.type is ColumnType.ENUM:
        return [choice.zh for choice in column.choices]
    if column.type is ColumnType.BOOL:
        return [TRUE_WORD, FALSE_WORD]
    return []
