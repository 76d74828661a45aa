"""Fixtures for the import engine: files as bytes, read by the real reader."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence

import pytest
import xlsxwriter

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.services import organisations, warehouses
from openjxc.services.organisations import OrganisationData


def csv_bytes(rows: Sequence[Sequence[object]], encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(
    rows: Sequence[Sequence[object]], build: Callable[[object], None] | None = None
) -> bytes:
    """An .xlsx of ``rows`` (numbers as numbers); ``build`` may add to the sheet."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
    if build is not None:
        build(sheet)
    book.close()
    return buffer.getvalue()


@pytest.fixture
def hq(system: System) -> None:
    """Organisation HQ with warehouse CW."""
    organisations.create_organisation(
        OrganisationData("HQ", "总部", "headquarters"), Actor.system(), system.uow()
    )
    warehouses.create_warehouse(
        warehouses.WarehouseData("CW", "中央仓", "HQ"), Actor.system(), system.uow()
    )
