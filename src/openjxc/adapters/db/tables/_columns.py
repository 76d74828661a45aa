"""Column helpers shared by the table modules."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, Column, Integer, String, text

from openjxc.adapters.db.types import UTCDateTime


def id_column() -> Column[Any]:
    return Column("id", Integer, primary_key=True)


def code_column() -> Column[Any]:
    return Column("code", String(32), nullable=False, unique=True)


def active_column() -> Column[Any]:
    return Column("active", Boolean, nullable=False, server_default=text("true"))


def timestamps() -> list[Column[Any]]:
    """created_at / updated_at, set by the unit of work (UTC)."""
    return [
        Column("created_at", UTCDateTime, nullable=False),
        Column("updated_at", UTCDateTime, nullable=False),
    ]
