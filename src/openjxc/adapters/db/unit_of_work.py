"""The SQLAlchemy unit of work: one transaction per use case, committed once."""

from __future__ import annotations

import contextvars
import hashlib
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from openjxc.adapters.db.inventory_repos import SqlBatches, SqlDocuments, SqlPeriods
from openjxc.adapters.db.ledger import SqlLedger
from openjxc.adapters.db.references import SqlReferences
from openjxc.adapters.db.repository import SqlRepository
from openjxc.adapters.db.tables import system
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.user import ApiToken, Role, User
from openjxc.domain.catalog.category import Category
from openjxc.domain.catalog.organisation import Organisation
from openjxc.domain.catalog.partner import Partner
from openjxc.domain.catalog.product import Barcode, Product
from openjxc.domain.catalog.stock_setting import StockSetting
from openjxc.domain.catalog.warehouse import Warehouse
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import Conflict
from openjxc.services.inventory.ledger import Ledger
from openjxc.services.unit_of_work import (
    AuditLog,
    Batches,
    Counters,
    Documents,
    Periods,
    References,
    Repository,
    Settings,
)


@dataclass
class IdempotencyClaim:
    """The Idempotency-Key of the request being served; committed with its first write."""

    key: str
    fingerprint: str
    committed: bool = False


#: set by the API's idempotency middleware for the duration of one request
idempotency_claim: contextvars.ContextVar[IdempotencyClaim | None] = contextvars.ContextVar(
    "idempotency_claim", default=None
)


class SqlAuditLog:
    def __init__(self, session: Session):
        self.session = session

    def record(
        self,
        actor: Actor,
        action: str,
        entity: str,
        entity_id: object,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        self.session.execute(
            insert(system.audit_log).values(
                at=clock.now(),
                user_id=actor.user_id,
                username=actor.username,
                action=action,
                entity=entity,
                entity_id=None if entity_id is None else str(entity_id),
                before=before,
                after=after,
            )
        )


class SqlCounters:
    def __init__(self, session: Session):
        self.session = session

    def next_value(self, name: str) -> int:
        # UPDATE first: it takes the row lock, so two transactions never get the same value
        result = self.session.execute(
            update(system.counter)
            .where(system.counter.c.name == name)
            .values(value=system.counter.c.value + 1)
            .returning(system.counter.c.value)
        ).scalar()
        if result is not None:
            return int(result)
        self.session.execute(insert(system.counter).values(name=name, value=1))
        return 1


class SqlSettings:
    def __init__(self, session: Session):
        self.session = session

    def get(self, key: str, default: Any = None) -> Any:
        value = self.session.execute(
            select(system.setting.c.value).where(system.setting.c.key == key)
        ).scalar()
        return default if value is None else value

    def put(self, key: str, value: Any) -> None:
        table = system.setting
        if self.session.execute(select(table.c.key).where(table.c.key == key)).first():
            self.session.execute(update(table).where(table.c.key == key).values(value=value))
        else:
            self.session.execute(insert(table).values(key=key, value=value))


class SqlAlchemyUnitOfWork:
    """Open with ``with uow:``; nothing is written unless ``commit()`` is called."""

    # typed as the port declares them, so this class is a UnitOfWork to the type checker
    roles: Repository[Role]
    users: Repository[User]
    tokens: Repository[ApiToken]
    organisations: Repository[Organisation]
    categories: Repository[Category]
    products: Repository[Product]
    barcodes: Repository[Barcode]
    warehouses: Repository[Warehouse]
    partners: Repository[Partner]
    stock_settings: Repository[StockSetting]
    documents: Documents
    batches: Batches
    periods: Periods
    ledger: Ledger
    references: References
    audit: AuditLog
    counters: Counters
    settings: Settings

    def __init__(self, session_factory: sessionmaker[Session], claims_idempotency: bool = True):
        self.session_factory = session_factory
        # authentication's bookkeeping must not carry the request's idempotency claim
        self.claims_idempotency = claims_idempotency

    def __enter__(self) -> SqlAlchemyUnitOfWork:
        self.session = self.session_factory()
        self.session.connection()  # BEGIN now (IMMEDIATE on SQLite): no lock upgrades later
        self.roles = SqlRepository(self.session, Role)
        self.users = SqlRepository(self.session, User)
        self.tokens = SqlRepository(self.session, ApiToken)
        self.organisations = SqlRepository(self.session, Organisation)
        self.categories = SqlRepository(self.session, Category)
        self.products = SqlRepository(self.session, Product)
        self.barcodes = SqlRepository(self.session, Barcode)
        self.warehouses = SqlRepository(self.session, Warehouse)
        self.partners = SqlRepository(self.session, Partner)
        self.stock_settings = SqlRepository(self.session, StockSetting)
        self.documents = SqlDocuments(self.session)
        self.batches = SqlBatches(self.session)
        self.periods = SqlPeriods(self.session)
        self.ledger = SqlLedger(self.session)
        self.references = SqlReferences(self.session)
        self.audit = SqlAuditLog(self.session)
        self.counters = SqlCounters(self.session)
        self.settings = SqlSettings(self.session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # detach first: what a use case returns stays readable after the session is gone
        self.session.expunge_all()
        self.rollback()
        self.session.close()

    def flush(self) -> None:
        try:
            self.session.flush()
        except IntegrityError as error:
            raise _conflict(error) from error

    def commit(self) -> None:
        claim = idempotency_claim.get() if self.claims_idempotency else None
        if claim is not None and claim.committed:
            claim = None
        try:
            if claim is not None:
                # the claim commits with the work or not at all: a retry never posts twice
                self.session.execute(
                    insert(system.idempotency_key).values(
                        key=claim.key, fingerprint=claim.fingerprint, created_at=clock.now()
                    )
                )
            self.session.commit()
        except IntegrityError as error:
            self.session.rollback()
            raise _conflict(error) from error
        if claim is not None:
            claim.committed = True

    def rollback(self) -> None:
        self.session.rollback()


def _conflict(error: IntegrityError) -> Conflict:
    """A constraint the service did not foresee (usually a race): report it, never a 500."""
    text = str(error.orig)
    if "idempotency_key" in text:
        return Conflict("idempotency_in_progress")
    return Conflict("conflict", reference=hashlib.sha256(text.encode()).hexdigest()[:8])
