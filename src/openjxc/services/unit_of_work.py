"""The ports the services need: a unit of work with repositories. Adapters implement them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from types import TracebackType
from typing import Any, Protocol, TypeVar

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.user import ApiToken, Role, User
from openjxc.domain.alerts.rules import Observation
from openjxc.domain.catalog.category import Category
from openjxc.domain.catalog.organisation import Organisation
from openjxc.domain.catalog.partner import Partner
from openjxc.domain.catalog.product import Barcode, Product
from openjxc.domain.catalog.stock_setting import StockSetting
from openjxc.domain.catalog.warehouse import Warehouse
from openjxc.domain.documents.document import Document
from openjxc.domain.documents.stocktake import CountBasis
from openjxc.domain.inventory.batch import Batch
from openjxc.domain.jobs.schedule import Job, RunStatus
from openjxc.domain.trading.payment import Payment
from openjxc.services.imports.ports import ImportStore
from openjxc.services.inventory.ledger import Ledger
from openjxc.services.inventory.reservations import Reservations
from openjxc.services.retail.ports import RetailBook
from openjxc.services.trading.ports import ApprovalRules, PartnerLedger, PriceBook, TradeLines

T = TypeVar("T")


class Repository(Protocol[T]):
    def get(self, id: int) -> T | None: ...
    def get_by(self, **criteria: object) -> T | None:
        """The first record whose attributes equal the criteria (None: IS NULL), for a
        question asked in one place; one asked in several is a named finder."""

    def lock_by(self, **criteria: object) -> T | None:
        """``get_by``, the row locked FOR UPDATE (PostgreSQL) in the same statement."""

    def list_by(self, **criteria: object) -> list[T]: ...
    def exists(self) -> bool:
        """Whether there is any record at all."""

    def add(self, obj: T) -> None: ...
    def delete(self, obj: T) -> None: ...
    def lock(self, obj: T) -> None:
        """Re-read ``obj``'s row FOR UPDATE (PostgreSQL) so concurrent edits serialise."""


class CodedRepository(Repository[T], Protocol):
    """Master data people name by a code: products, warehouses, partners, organisations,
    categories, roles."""

    def by_code(self, code: str) -> T | None: ...


class NumberedRepository(Repository[T], Protocol):
    """Documents and payments, named by their number (CGRK20240105001)."""

    def by_number(self, number: str, *, lock: bool = False) -> T | None:
        """``lock``: the row read FOR UPDATE (PostgreSQL), so concurrent changes wait."""


class Users(Repository[User], Protocol):
    def by_username(self, username: str) -> User | None: ...
    def lock_active(self) -> list[User]:
        """Every active user, their rows locked FOR UPDATE in id order (PostgreSQL), so
        changes that must see who else holds a power (the last administrator) serialise."""


class LoginFailures(Protocol):
    """Failed password checks, one record each, for the login throttle (shared by every
    server process: they live in the database)."""

    def serialise(self, address: str) -> None:
        """Make this transaction's checks from ``address`` wait for another's in flight
        (PostgreSQL: a transaction-scoped advisory lock; SQLite has one writer at a time),
        so a burst of requests cannot all pass one opening of the back-off."""

    def record(self, username: str, address: str, at: datetime) -> None: ...
    def of_user(self, username: str, address: str, since: datetime) -> tuple[int, datetime | None]:
        """How many failures for this username from this address since ``since``, and the
        latest one's time."""

    def of_address(self, address: str, since: datetime) -> tuple[int, datetime | None]:
        """How many failures from this address (any username) since ``since``, and the
        latest one's time."""

    def forget_user(self, username: str, address: str | None = None) -> None:
        """Forget the username's failures, from one address or (None) from every one."""

    def purge(self, before: datetime) -> None:
        """Forget every failure before ``before``."""


class Warehouses(CodedRepository[Warehouse], Protocol):
    def transit_of(self, organisation_id: int | None) -> Warehouse | None:
        """The organisation's in-transit warehouse (在途仓), if it has one yet."""


class StockSettings(Repository[StockSetting], Protocol):
    def of(self, product_id: int, warehouse_id: int) -> StockSetting | None:
        """The product's levels in the warehouse, if any were set."""


class Barcodes(Repository[Barcode], Protocol):
    def by_barcode(self, barcode: str) -> Barcode | None:
        """The barcode row (unique across all products) naming the product and unit."""


class AuditLog(Protocol):
    def record(
        self,
        actor: Actor,
        action: str,
        entity: str,
        entity_id: object,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> None: ...


class References(Protocol):
    def is_referenced(self, entity: str, id: int) -> bool:
        """Does any other record point at this one (a product on a stock move, a document line)?

        Rows the record owns (a product's units and barcodes, its stock settings) do not
        count. A referenced record is deactivated, never deleted.
        """
        ...


class Counters(Protocol):
    def next_value(self, name: str) -> int:
        """Increment and return the counter ``name`` (starting at 1), inside the transaction."""
        ...


class Settings(Protocol):
    def get(self, key: str, default: Any = None) -> Any: ...
    def put(self, key: str, value: Any) -> None: ...


class Documents(NumberedRepository[Document], Protocol):
    def posted_dependants(self, document_id: int) -> list[str]:
        """Numbers of posted documents that name this one as their source."""
        ...

    def pending_red_letters(self, document_id: int) -> list[str]:
        """Numbers of red-letter documents of this one still waiting for approval."""
        ...

    def posted_line_values(self, line_ids: list[int]) -> dict[int, tuple[Decimal, Decimal]]:
        """(quantity, value) each line posted, net of reversals."""
        ...

    def line_places(self, line_ids: list[int]) -> dict[int, tuple[str, int]]:
        """(document number, line number as shown) of each line, to name it in a message."""
        ...

    def returned_qty(
        self, loan_line_ids: list[int], exclude_document_id: int | None
    ) -> dict[int, Decimal]:
        """Base quantity already returned against each loan line by approved returns."""
        ...


class Batches(Repository[Batch], Protocol):
    def find(self, product_id: int, batch_no: str) -> Batch | None: ...
    def get_or_create(
        self,
        product_id: int,
        batch_no: str,
        production_date: date | None,
        expiry_date: date | None,
        day: date,
    ) -> int: ...
    def pickable(
        self, product_id: int, warehouse_id: int, day: date
    ) -> Iterable[tuple[int, Decimal]]:
        """Batches with stock that may be issued on ``day``, first expiry first."""
        ...

    def stored_in(self, batch_id: int) -> list[tuple[int, int]]:
        """(warehouse, its organisation) of every warehouse the batch has ever been in."""
        ...


class Periods(Protocol):
    def latest_closed(self) -> str | None: ...
    def unposted_documents(self, month: str) -> list[dict[str, Any]]:
        """Unposted documents and payments dated in an open month up to ``month``."""
        ...

    def open_months_through(self, month: str) -> list[str]:
        """The open months up to ``month``, oldest first."""
        ...

    def close(self, month: str, user_id: int | None, at: datetime) -> None: ...
    def reopen(self, month: str) -> None: ...


class StockCounts(Protocol):
    """What a stocktake reads from the ledger: a snapshot, and what moved since."""

    def last_move_id(self) -> int:
        """The id of the newest stock move (0 when the ledger is empty)."""
        ...

    def on_hand(
        self, warehouse_id: int, category_ids: set[int] | None
    ) -> list[tuple[int, int | None, Decimal]]:
        """(product, batch, quantity) with non-zero stock in the warehouse; batch-tracked
        products by batch."""
        ...

    def count_basis(self, warehouse_id: int, day: date) -> CountBasis:
        """On hand now in the warehouse (per product and per batch) and every move dated
        ``day`` or later: what the count rule needs to find the books at each count."""
        ...

    def on_hand_at(
        self, warehouse_id: int, product_id: int, batch_id: int | None, move_id: int
    ) -> Decimal:
        """The quantity (of one batch, or of the product) after the moves up to this id."""
        ...


class Jobs(Protocol):
    """The stored schedule of the worker's jobs, their leases and their runs."""

    def all(self) -> list[Job]: ...
    def get(self, name: str) -> Job | None: ...
    def add(self, job: Job) -> None: ...
    def update(self, job: Job) -> None:
        """Store the job's schedule, switch and settings (never its lease)."""

    def take_lease(self, name: str, owner: str, now: datetime, until: datetime) -> bool:
        """Hold the job until ``until`` unless another holder's lease is still running: one
        statement, so of two workers asking at once exactly one gets it."""

    def release_lease(self, name: str, owner: str) -> None:
        """Let the job go, if ``owner`` still holds it."""

    def start_run(self, name: str, owner: str, at: datetime) -> int:
        """Log a run as started; its id."""

    def finish_run(
        self, run_id: int, at: datetime, status: RunStatus, result: str | None, error: str | None
    ) -> None: ...


class AlertStates(Protocol):
    """Per rule, the subjects that fired and have not recovered since (fire once)."""

    def fired(self, rule: str) -> set[str]: ...
    def fire(self, rule: str, subjects: list[str], at: datetime) -> None: ...
    def rearm(self, rule: str, subjects: list[str]) -> None: ...


class Notifications(Protocol):
    """Messages and each recipient's in-app copy (read or not)."""

    def add(self, message: Observation, user_ids: list[int], at: datetime) -> int:
        """Store the message with a copy for each user; its id."""

    def mark_read(self, notification_id: int, user_id: int, at: datetime) -> bool:
        """Mark the user's copy read (once); False when the user has no such copy."""

    def mark_all_read(self, user_id: int, at: datetime) -> int:
        """Mark every unread copy of the user read; how many."""


class Books(Protocol):
    """Maintenance of the stock books: what is derived from the ledger, derived again."""

    def lock(self) -> None:
        """Lock every stream's balance row in sorted key order (postings wait meanwhile)."""
        ...

    def revalue_moves(self) -> list[tuple[int, Decimal, Decimal]]:
        """Rewrite the valuation columns (never the facts) of every move whose stored
        valuation is not the one its stream's facts give: (move id, value before, after)."""
        ...

    def rebuild_caches(self) -> dict[str, int]:
        """Balances, batch balances and FIFO layers from the moves: rows written (and the
        balances that changed, as ``stock_balance_changed``)."""
        ...

    def rebuild_period_totals(self) -> int:
        """The closed months' stored totals, recomputed; the number of months."""
        ...


@dataclass(frozen=True)
class Completion:
    """What a call's work answers, written in the work's transaction: the status code and
    either the path of the resource whose representation is the reply, or the reply itself
    (``body``, ``content_type``) when it is known before the commit; neither for a reply
    without a body (204)."""

    status_code: int
    path: str | None = None
    body: bytes | None = None
    content_type: str | None = None


@dataclass(frozen=True)
class StoredKey:
    """An Idempotency-Key as kept: who used it for what, what the work answers (the status
    written with the work) and the reply if it was kept (or the path to render it again)."""

    fingerprint: str
    created_at: datetime
    withheld: bool  # the reply carried a secret and was never kept
    status_code: int | None = None
    body: bytes | None = None
    content_type: str | None = None
    replay_path: str | None = None


class IdempotencyStore(Protocol):
    """The Idempotency-Keys used, each written in the transaction of the work it did."""

    def find(self, key: str) -> StoredKey | None: ...
    def forget(self, key: str) -> None: ...
    def claim(
        self,
        key: str,
        fingerprint: str,
        at: datetime,
        withheld: bool,
        completion: Completion | None = None,
    ) -> None:
        """Write the key, and what its work answers if that is known (``completion``)."""

    def store_reply(self, key: str, status_code: int, body: bytes, content_type: str) -> None: ...
    def purge(self, before: datetime) -> None:
        """Forget the keys used before ``before``."""


class ReadOnlyUnitOfWork(Protocol):
    """What authentication reads, on a read session: it never waits for a writer (on SQLite
    it takes no write lock) and cannot commit."""

    roles: CodedRepository[Role]
    users: Users
    tokens: Repository[ApiToken]

    def __enter__(self) -> ReadOnlyUnitOfWork: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    def note_token_use(self, token_id: int, at: datetime, unless_used_since: datetime) -> None:
        """Best effort: set the token's ``last_used_at`` in a short transaction of its own,
        unless it was used since ``unless_used_since``. Gives up at once, silently, when a
        writer holds the row or the database: it never makes a request wait or fail."""


class UnitOfWork(Protocol):
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

    def __enter__(self) -> UnitOfWork: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    def flush(self) -> None: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...
