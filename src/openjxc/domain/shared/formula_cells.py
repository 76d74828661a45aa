"""CSV injection: a text cell a spreadsheet would run as a formula, and its way back.

Excel, LibreOffice and WPS run a CSV cell starting with ``=``, ``+``, ``-`` or ``@`` (also
after spaces, or behind a tab or line break) as a formula: a partner named
``=HYPERLINK("http://…","点击")`` would become a live link in an exported report. Such a text
is written with a leading apostrophe, which spreadsheets show as the text it is; a file we
wrote and that comes back (a filled-in count sheet) has the apostrophe taken off again.
Only text is touched: a number such as -5.00 is a number, not a formula.
"""

from __future__ import annotations

FORMULA_LEADS = ("=", "+", "-", "@")
CONTROL_LEADS = ("\t", "\r", "\n")


def is_formula_like(text: str) -> bool:
    return text.startswith(CONTROL_LEADS) or text.lstrip(" ").startswith(FORMULA_LEADS)


def neutralised(text: str) -> str:
    """``text`` safe as a CSV cell: an apostrophe before anything formula-like."""
    return "'" + text if is_formula_like(text) else text


def restored(text: str) -> str:
    """A cell of a CSV file we wrote, as it was before ``neutralised``."""
    return text[1:] if text.startswith("'") and is_formula_like(text[1:]) else text
