"""Helpers shared by the list queries: references, text search, counting."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Row, Select, Table, false, func, or_, select
from sqlalchemy.orm import Session

from openjxc.queries.rows import R, rows_of
from openjxc.services.lookup import as_id


def by_ref(table: Table, ref: str) -> tuple[ColumnElement[bool], Any]:
    """A WHERE for "code or id" and an ORDER BY that prefers the code (codes win)."""
    if "\x00" in ref:  # PostgreSQL refuses NUL in text; no code contains one anyway
        return false(), table.c.id
    condition = table.c.code == ref
    id = as_id(ref)
    if id is not None:
        condition = or_(condition, table.c.id == id)
    return condition, (table.c.code == ref).desc()


def ids_of(session: Session, table: Table, ref: str) -> list[int]:
    """The id a reference names (code first), as a list: empty when nothing matches."""
    condition, preference = by_ref(table, ref)
    found = session.scalar(select(table.c.id).where(condition).order_by(preference).limit(1))
    return [] if found is None else [found]


def search_text(q: str | None) -> str:
    """The text to search for ("" for none): trimmed, without NUL (PostgreSQL refuses it)."""
    return (q or "").replace("\x00", "").strip()


def contains(column: Any, text: str) -> ColumnElement[bool]:
    """``column`` contains ``text``, ignoring case; LIKE's wildcards in ``text`` are literal."""
    text = text.replace("\x00", "")  # PostgreSQL refuses NUL in text
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike(f"%{escaped}%", escape="\\")  # type: ignore[no-any-return]


def page(
    session: Session, query: Any, order_by: Any, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    count = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    rows = session.execute(query.order_by(order_by).limit(limit).offset(offset)).mappings()
    return [dict(r) for r in rows], count


def page_rows(
    session: Session, query: Select[Any], order_by: ColumnElement[Any], limit: int, offset: int
) -> tuple[list[Row[Any]], int]:
    """One page of ``query``'s SQL rows, and how many rows there are in all."""
    count = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    rows = session.execute(query.order_by(order_by).limit(limit).offset(offset))
    return list(rows), count


def page_of(
    session: Session,
    query: Select[Any],
    order_by: ColumnElement[Any],
    limit: int,
    offset: int,
    row_type: type[R],
) -> tuple[list[R], int]:
    """One page of ``query`` as ``row_type`` rows, and how many rows there are in all."""
    rows, count = page_rows(session, query, order_by, limit, offset)
    return rows_of(row_type, rows), count
