"""The SQLAlchemy unit of work: one transaction per use case, committed once."""

from __future__ import annotations

import hashlib
from types import TracebackType
from typing import Any

from sqlalchemy import bindparam, event, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from openjxc.adapters.db.idempotency import SqlIdempotencyStore
from openjxc.adapters.db.imports import SqlImportStore
from openjxc.adapters.db.inventory_repos import (
    SqlBatches,
    SqlDocuments,
    SqlPeriods,
)
from openjxc.adapters.db.jobs import SqlAlertStates, SqlJobs, SqlNotifications
from openjxc.adapters.db.ledger import SqlLedger
from openjxc.adapters.db.login_failures import SqlLoginFailures
from openjxc.adapters.db.references import SqlReferences
from openjxc.adapters.db.repair import SqlBooks
from openjxc.adapters.db.repository import (
    SqlRepository,
    SqlStockSettings,
    SqlUsers,
    SqlWarehouses,
)
from openjxc.adapters.db.reservations import SqlReservations
from openjxc.adapters.db.retail_book import SqlRetailBook
from openjxc.adapters.db.snapshots import MonthTotals
from openjxc.adapters.db.stock_counts import SqlStockCounts
from openjxc.adapters.db.tables import system
from openjxc.adapters.db.trading_repos import (
    SqlApprovalRules,
    SqlPartnerLedger,
    SqlPriceBook,
    SqlTradeLines,
)
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.user import ApiToken, Role
from openjxc.domain.catalog.category import Category
from openjxc.domain.catalog.organisation import Organisation
from openjxc.domain.catalog.partner import Partner
from openjxc.domain.catalog.product import Barcode, Product
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import Conflict, TransientError
from openjxc.domain.trading.payment import Payment
from openjxc.services import idempotency
from openjxc.services.idempotency import Written
from openjxc.services.imports.ports import ImportStore
from openjxc.services.inventory.ledger import Ledger
from openjxc.services.inventory.reservations import Reservations
from openjxc.services.retail.ports import RetailBook
from openjxc.services.trading.ports import ApprovalRules, PartnerLedger, PriceBook, TradeLines
from openjxc.services.unit_of_work import (
    AlertStates,
    AuditLog,
    Barcodes,
    Batches,
    Books,
    CodedRepository,
    Counters,
    Documents,
    IdempotencyStore,
    Jobs,
    LoginFailures,
    Notifications,
    NumberedRepository,
    Periods,
    References,
    Repository,
    Settings,
    StockCounts,
    StockSettings,
    Users,
    Warehouses,
)

_AUDIT_INSERT = insert(system.audit_log)


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
        # one compiled statement for every record (parameters, not inline values)
        self.session.connection().execute(
            _AUDIT_INSERT,
            [
                {
                    "at": clock.now(),
                    "user_id": actor.user_id,
                    "username": actor.username,
                    "action": action,
                    "entity": entity,
                    "entity_id": None if entity_id is None else str(entity_id),
                    "before": before,
                    "after": after,
                }
            ],
        )


def _counter_upsert(insert_: Any) -> Any:
    # one upsert: it takes the row lock, so two transactions never get the same value,
    # and two first uses of a new counter never collide on its primary key
    counter = system.counter
    return (
        insert_(counter)
        .values(name=bindparam("name"), value=1)
        .on_conflict_do_update(index_elements=[counter.c.name], set_={"value": counter.c.value + 1})
        .returning(counter.c.value)
    )


_COUNTER_UPSERT = {
    "postgresql": _counter_upsert(pg_insert),
    "sqlite": _counter_upsert(sqlite_insert),
}


class SqlCounters:
    def __init__(self, session: Session):
        self.session = session

    def next_value(self, name: str) -> int:
        db = self.session.connection()
        return int(db.execute(_COUNTER_UPSERT[db.dialect.name], {"name": name}).scalar_one())


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
    roles: CodedRepository[Role]
    users: Users
    tokens: Repository[ApiToken]
    organisations: CodedRepository[Organisation]
    categories: CodedRepository[Category]
    products: CodedRepository[Product]
    barcodes: Barcodes
    warehouses: Warehouses
    partners: CodedRepository[Partner]
    stock_settings: StockSettings
    documents: Documents
    batches: Batches
    periods: Periods
    ledger: Ledger
    stock_counts: StockCounts
    references: References
    audit: AuditLog
    counters: Counters
    settings: Settings
    payments: NumberedRepository[Payment]
    partner_ledger: PartnerLedger
    trade_lines: TradeLines
    reservations: Reservations
    prices: PriceBook
    approval_rules: ApprovalRules
    books: Books
    idempotency: IdempotencyStore
    login_failures: LoginFailures
    retail: RetailBook
    imports: ImportStore
    jobs: Jobs
    alert_states: AlertStates
    notifications: Notifications

    def __init__(self, session_factory: sessionmaker[Session], month_totals: MonthTotals):
        self.session_factory = session_factory
        self.month_totals = month_totals

    def __enter__(self) -> SqlAlchemyUnitOfWork:
        self.session = self.session_factory()
        try:
            self.session.connection()  # BEGIN now (IMMEDIATE on SQLite): no lock upgrades later
        except DBAPIError as error:
            self.session.close()
            if (reason := transient_reason(error)) is not None:
                raise TransientError(reason) from error
            raise
        self.roles = SqlRepository(self.session, Role)
        self.users = SqlUsers(self.session)
        self.tokens = SqlRepository(self.session, ApiToken)
        self.organisations = SqlRepository(self.session, Organisation)
        self.categories = SqlRepository(self.session, Category)
        self.products = SqlRepository(self.session, Product)
        self.barcodes = SqlRepository(self.session, Barcode)
        self.warehouses = SqlWarehouses(self.session)
        self.partners = SqlRepository(self.session, Partner)
        self.stock_settings = SqlStockSettings(self.session)
        self.documents = SqlDocuments(self.session)
        self.batches = SqlBatches(self.session)
        self.periods = SqlPeriods(self.session, self.month_totals)
        self.ledger = SqlLedger(self.session)
        self.stock_counts = SqlStockCounts(self.session)
        self.references = SqlReferences(self.session)
        self.audit = SqlAuditLog(self.session)
        self.counters = SqlCounters(self.session)
        self.settings = SqlSettings(self.session)
        self.payments = SqlRepository(self.session, Payment)
        self.partner_ledger = SqlPartnerLedger(self.session)
        self.trade_lines = SqlTradeLines(self.session)
        self.reservations = SqlReservations(self.session)
        self.prices = SqlPriceBook(self.session)
        self.approval_rules = SqlApprovalRules(self.session)
        self.books = SqlBooks(self.session, self.month_totals)
        self.idempotency = SqlIdempotencyStore(self.session)
        self.login_failures = SqlLoginFailures(self.session)
        self.retail = SqlRetailBook(self.session)
        self.imports = SqlImportStore(self.session)
        self.jobs = SqlJobs(self.session)
        self.alert_states = SqlAlertStates(self.session)
        self.notifications = SqlNotifications(self.session)
        self._inserted: list[object] = []
        if idempotency.expects_answer():
            # the call's answer may name what its work creates (the document, the payment)
            event.listen(self.session, "after_flush", self._note_inserted)
        try:
            # a retried call answers here, before doing any work (and under the write lock)
            idempotency.on_begin(self.idempotency)
        except BaseException as error:
            self.session.close()
            if (reason := transient_reason(error)) is not None:
                raise TransientError(reason) from error
            raise
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
        if exc is not None and (reason := transient_reason(exc)) is not None:
            # nothing was written: the service layer may run the use case again
            raise TransientError(reason) from exc

    def flush(self) -> None:
        try:
            self.session.flush()
        except IntegrityError as error:
            raise _conflict(error) from error

    def _note_inserted(self, session: Session, _context: object) -> None:
        self._inserted.extend(session.new)  # still the flush's pending objects here

    def _written(self) -> Written:
        self.flush()
        return Written(
            inserted=list(self._inserted), present=list(self.session.identity_map.values())
        )

    def commit(self) -> None:
        try:
            # the key commits with the work or not at all, and with what the work answers:
            # a retry never posts twice, and always has an answer
            claim = idempotency.on_commit(self.idempotency, self._written)
            self.session.commit()
        except IntegrityError as error:
            self.session.rollback()
            raise _conflict(error) from error
        if claim is not None:
            claim.committed = True

    def rollback(self) -> None:
        self.session.rollback()


#: PostgreSQL SQLSTATEs after which the whole transaction may simply be run again
TRANSIENT_SQLSTATES = {
    "40001": "serialization_failure",
    "40P01": "deadlock_detected",
    "55P03": "lock_not_available",
}


def transient_reason(error: BaseException) -> str | None:
    """Why ``error`` is a transient database failure (worth a retry), or None if it is not."""
    if not isinstance(error, DBAPIError) or isinstance(error, IntegrityError):
        return None
    original = error.orig
    state = getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)
    if state in TRANSIENT_SQLSTATES:
        return TRANSIENT_SQLSTATES[state]
    if type(original).__module__.startswith("sqlite3") and (
        "database is locked" in str(original) or "database table is locked" in str(original)
    ):
        return "sqlite_locked"
    return None


def _conflict(error: IntegrityError) -> Conflict:
    """A constraint the service did not foresee (usually a race): report it, never a 500."""
    text = str(error.orig)
    if "idempotency_key" in text:
        return Conflict("idempotency_in_progress")
    return Conflict("conflict", reference=hashlib.sha256(text.encode()).hexdigest()[:8])
