"""The ports the services need: a unit of work with repositories. Adapters implement them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from types import TracebackType
from typing import Any, Protocol, TypeVar

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.user import ApiToken, Role, User
from openjxc.domain.catalog.category import Category
from openjxc.domain.catalog.organisation import Organisation
from openjxc.domain.catalog.partner import Partner
from openjxc.domain.catalog.product import Barcode, Product
from openjxc.domain.catalog.stock_setting import StockSetting
from openjxc.domain.catalog.warehouse import Warehouse
from openjxc.domain.documents.document import Document
from openjxc.domain.inventory.batch import Batch
from openjxc.domain.trading.payment import Payment
from openjxc.services.inventory.ledger import Ledger
from openjxc.services.inventory.reservations import Reservations
from openjxc.services.trading.ports import ApprovalRules, PartnerLedger, PriceBook, TradeLines

T = TypeVar("T")


class Repository(Protocol[T]):
    def get(self, id: int) -> T | None: ...
    def get_by(self, **criteria: Any) -> T | None: ...
    def lock_by(self, **criteria: Any) -> T | None:
        """``get_by``, the row locked FOR UPDATE (PostgreSQL) in the same statement."""

    def list_by(self, **criteria: Any) -> list[T]: ...
    def add(self, obj: T) -> None: ...
    def delete(self, obj: T) -> None: ...
    def lock(self, obj: T) -> None:
        """Re-read ``obj``'s row FOR UPDATE (PostgreSQL) so concurrent edits serialise."""


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


class Documents(Repository[Document], Protocol):
    def posted_dependants(self, document_id: int) -> list[str]:
        """Numbers of posted documents that name this one as their source."""
        ...

    def pending_red_letters(self, document_id: int) -> list[str]:
        """Numbers of red-letter documents of this one still waiting for approval."""
        ...

    def posted_line_values(self, line_ids: list[int]) -> dict[int, tuple[Decimal, Decimal]]:
        """(quantity, value) each line posted, net of reversals."""
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
    def unposted_documents(self, month: str) -> list[str]: ...
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

    def net_since(
        self, warehouse_id: int, after_move_id: int
    ) -> dict[tuple[int, int | None], Decimal]:
        """Net quantity moved per (product, batch) in the warehouse by moves after the id."""
        ...

    def on_hand_at(
        self, warehouse_id: int, product_id: int, batch_id: int | None, move_id: int
    ) -> Decimal:
        """The quantity (of one batch, or of the product) after the moves up to this id."""
        ...


class UnitOfWork(Protocol):
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
    stock_counts: StockCounts
    references: References
    audit: AuditLog
    counters: Counters
    settings: Settings
    payments: Repository[Payment]
    partner_ledger: PartnerLedger
    trade_lines: TradeLines
    reservations: Reservations
    prices: PriceBook
    approval_rules: ApprovalRules

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
