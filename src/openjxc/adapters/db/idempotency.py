"""The Idempotency-Keys used, in the ``idempotency_key`` table, on the unit of work's session."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from openjxc.adapters.db.tables import system
from openjxc.services.unit_of_work import Completion, StoredKey

_table = system.idempotency_key


class SqlIdempotencyStore:
    def __init__(self, session: Session):
        self.session = session

    def find(self, key: str) -> StoredKey | None:
        row = self.session.execute(select(_table).where(_table.c.key == key)).first()
        if row is None:
            return None
        body = row.response_body
        return StoredKey(
            fingerprint=row.fingerprint,
            created_at=row.created_at,
            withheld=row.reply_withheld,
            status_code=row.status_code,
            body=None if body is None else body.encode(),
            content_type=row.content_type,
            replay_path=row.replay_path,
        )

    def forget(self, key: str) -> None:
        self.session.execute(delete(_table).where(_table.c.key == key))

    def claim(
        self,
        key: str,
        fingerprint: str,
        at: datetime,
        withheld: bool,
        completion: Completion | None = None,
    ) -> None:
        answer: dict[str, object] = {}
        if completion is not None:
            body = completion.body
            answer = {
                "status_code": completion.status_code,
                "replay_path": completion.path,
                "response_body": None if body is None else body.decode("utf-8", "replace"),
                "content_type": completion.content_type,
            }
        self.session.execute(
            insert(_table).values(
                key=key, fingerprint=fingerprint, created_at=at, reply_withheld=withheld, **answer
            )
        )

    def store_reply(self, key: str, status_code: int, body: bytes, content_type: str) -> None:
        self.session.execute(
            update(_table)
            .where(_table.c.key == key)
            .values(
                status_code=status_code,
                response_body=body.decode("utf-8", "replace"),
                content_type=content_type,
            )
        )

    def purge(self, before: datetime) -> None:
        self.session.execute(delete(_table).where(_table.c.created_at < before))
