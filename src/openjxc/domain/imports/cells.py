"""A cell as text, exactly, and the text as the value its column means.

Spreadsheets store numbers as IEEE doubles, and python-calamine hands them over as ``float``.
A number typed into Excel has at most 15 significant digits, and the shortest ``repr`` of the
double it became gives those digits back exactly ("12.5", "0.1", "123456789.123"); so a float
cell is taken as the decimal of its ``repr``. A ``repr`` with 16 or 17 significant digits
(0.30000000000000004) is no typed number but the result of binary arithmetic (a formula): it
is refused (``inexact_number``) rather than rounded to something nobody typed. CSV cells and
cells stored as text are taken as they are.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from openjxc.domain.imports.columns import ColumnType, ImportColumn
from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.numbers import exact, plain, to_decimal

#: the most significant digits a typed spreadsheet number has
TYPED_DIGITS = 15

#: what a template's drop-down offers for a yes/no column
TRUE_WORD, FALSE_WORD = "是", "否"
_TRUE = {"1", "true", "yes", "y", "是", "对", "√", "✓", "启用"}
_FALSE = {"0", "false", "no", "n", "否", "不", "×", "停用", ""}


def cell_text(value: object, field: str = "") -> str:
    """The text of a cell as read: numbers exactly as typed (see the module), dates ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _float_text(value, field)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _float_text(value: float, field: str) -> str:
    text = repr(value)
    if text in ("nan", "inf", "-inf"):
        raise ValidationError("not_a_number", field=field, value=text)
    number = Decimal(text)
    if len(number.as_tuple().digits) > TYPED_DIGITS:
        raise ValidationError("inexact_number", field=field, value=text)
    return plain(number)


def parse(column: ImportColumn, text: str) -> object:
    """The value of ``text`` in ``column`` (None for an empty cell); refuses what is not one."""
    if text == "":
        if column.required:
            raise ValidationError("required", field=column.key)
        return None
    kind = column.type
    if kind is ColumnType.DECIMAL:
        return exact(text, column.scale, column.key)
    if kind is ColumnType.INTEGER:
        number = to_decimal(text, column.key)
        if number != number.to_integral_value():
            raise ValidationError("not_whole", field=column.key, value=text)
        return int(number)
    if kind is ColumnType.BOOL:
        return boolean(text, column.key)
    if kind is ColumnType.ENUM:
        return choice(column, text)
    if kind is ColumnType.DATE:
        try:
            return date.fromisoformat(text.replace("/", "-")[:10])
        except ValueError:
            raise ValidationError("invalid_date", field=column.key, value=text[:40]) from None
    return text


def boolean(text: str, field: str) -> bool:
    word = text.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValidationError("invalid_choice", field=field, value=text[:40])


def choice(column: ImportColumn, text: str) -> str:
    word = text.strip().lower()
    for option in column.choices:
        if word in (option.value.lower(), option.zh.lower(), option.en.lower()):
            return option.value
    raise ValidationError("invalid_choice", field=column.key, value=text[:40])
