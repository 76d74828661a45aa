"""Failed password checks (``login_failure``), on the unit of work's session."""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from openjxc.adapters.db.tables import access

_table = access.login_failure


class SqlLoginFailures:
    def __init__(self, session: Session):
        self.session = session

    def serialise(self, address: str) -> None:
        if self.session.get_bind().dialect.name == "sqlite":
            return  # write transactions BEGIN IMMEDIATE: one at a time already
        key = hashlib.sha256(f"login_failure:{address[:64]}".encode()).digest()[:8]
        self.session.execute(
            select(func.pg_advisory_xact_lock(int.from_bytes(key, "big", signed=True)))
        )

    def record(self, username: str, address: str, at: datetime) -> None:
        # as typed, cut to the column: an overlong name is still counted, never an error
        self.session.execute(
            insert(_table).values(username=username[:64], address=address[:64], at=at)
        )

    def of_user(self, username: str, address: str, since: datetime) -> tuple[int, datetime | None]:
        t = _table
        return self._count(
            (t.c.username == username[:64]) & (t.c.address == address[:64]) & (t.c.at >= since)
        )

    def of_address(self, address: str, since: datetime) -> tuple[int, datetime | None]:
        t = _table
        return self._count((t.c.address == address[:64]) & (t.c.at >= since))

    def forget_user(self, username: str, address: str | None = None) -> None:
        where = _table.c.username == username[:64]
        if address is not None:
            where &= _table.c.address == address[:64]
        self.session.execute(delete(_table).where(where))

    def purge(self, before: datetime) -> None:
        self.session.execute(delete(_table).where(_table.c.at < before))

    def _count(self, where: object) -> tuple[int, datetime | None]:
        row = self.session.execute(
            select(func.count(), func.max(_table.c.at)).where(where)  # type: ignore[arg-type]
        ).one()
        return int(row[0]), row[1]
