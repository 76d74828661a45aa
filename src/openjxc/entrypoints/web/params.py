"""Query parameters of the web pages, read the way a browser's GET form sends them.

A form sends every field, so a filter left empty arrives as ``from=``: that means "no
filter", never a malformed date.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Query
from pydantic import BeforeValidator


def _blank_is_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


#: a short free-text filter (number, name, code)
Text = Annotated[str | None, Query(max_length=64)]
#: the first day of a date filter, ``from=`` (empty: none)
DateFrom = Annotated[date | None, Query(alias="from"), BeforeValidator(_blank_is_none)]
#: the last day of a date filter, ``to=`` (empty: none)
DateTo = Annotated[date | None, Query(alias="to"), BeforeValidator(_blank_is_none)]
