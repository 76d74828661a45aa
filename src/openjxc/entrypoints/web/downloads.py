"""A list or report sent as a .csv or .xlsx file, streamed as its rows are written."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Literal

from fastapi.responses import StreamingResponse

from openjxc.entrypoints.web.i18n import Translator
from openjxc.queries.reports import export
from openjxc.queries.reports.framework import Column, Kind

FileFormat = Literal["csv", "xlsx"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def columns(t: Translator, specs: Iterable[tuple[str, str, Kind]]) -> list[Column]:
    """File columns headed by the UI's translation of each message id."""
    return [Column(key, t(label), t(label), kind) for key, label, kind in specs]


def file_response(
    columns: Sequence[Column],
    rows: Iterable[dict[str, Any]],
    language: str,
    title: str,
    name: str,
    format: str,
) -> StreamingResponse:
    """``rows`` as ``name``.csv (UTF-8 with a BOM) or ``name``.xlsx (sheet ``title``)."""
    if format == "xlsx":
        body = export.xlsx_chunks(columns, rows, language, title)
        media = XLSX
    else:
        body = export.csv_chunks(columns, rows, language)
        media = "text/csv; charset=utf-8"
    disposition = f'attachment; filename="{name}.{format}"'
    return StreamingResponse(body, media_type=media, headers={"Content-Disposition": disposition})
