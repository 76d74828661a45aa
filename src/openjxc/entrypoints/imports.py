"""What the API, the CLI (and the web) say about an import: a row's issue in words."""

from __future__ import annotations

from openjxc.domain.imports.columns import ImportKind
from openjxc.domain.imports.outcome import Issue
from openjxc.entrypoints.messages import render
from openjxc.services.imports.kinds import handler_for
from openjxc.services.unit_of_work import UnitOfWork


def kind_spec(kind: str, uow: UnitOfWork) -> ImportKind:
    """The columns of ``kind`` (as the company names its price levels)."""
    handler = handler_for(kind)
    with uow:
        return handler.spec(uow)


def header_of(spec: ImportKind, key: str, language: str) -> str:
    column = next((c for c in spec.columns if c.key == key), None)
    if column is None:
        return key
    return column.zh if language == "zh-CN" else column.en


def issue_message(issue: Issue, spec: ImportKind, language: str) -> str:
    """第 12 行 基本单位：基本单位不能为空 / Row 12, Base unit: base unit is required."""
    params = dict(issue.params)
    if "field" in params:
        # name the field by its column's header, as the user sees it in the file
        params["field"] = header_of(spec, str(params["field"]), language)
    message = render(issue.code, params, language)
    column = header_of(spec, issue.column, language) if issue.column else ""
    if language == "zh-CN":
        return f"第 {issue.row} 行{' ' + column if column else ''}：{message}"
    return f"Row {issue.row}{', ' + column if column else ''}: {message}"
