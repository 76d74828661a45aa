"""In-memory fakes of the ports (cosmicpython's FakeRepository and FakeUnitOfWork), so the
rules of the catalog and pricing services are tested without a database.

A fake repository keeps what a transaction adds or deletes aside until ``commit``; leaving
the unit of work without committing drops it, as a rollback would. Changes made to a record
already stored are not undone (the fakes hold the objects themselves): tests of a refused
change assert ``committed`` and what the service returned, not the record's fields.

What the catalog and pricing services do not use (the ledger, documents, posting ...) is not
faked: touching it raises NotImplementedError. Test those rules on the database.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from types import TracebackType
from typing import Any, Generic, TypeVar

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.user import ApiToken, Role, User
from openjxc.domain.catalog.category import Category
from openjxc.domain.catalog.organisation import Organisation
from openjxc.domain.catalog.partner import Partner
from openjxc.domain.catalog.product import Barcode, Product
from openjxc.domain.catalog.stock_setting import StockSetting
from openjxc.domain.catalog.warehouse import Warehouse
from openjxc.domain.trading.payment import Payment
from openjxc.services.imports.ports import ImportStore
from openjxc.services.inventory.ledger import Ledger
from openjxc.services.inventory.reservations import Reservations
from openjxc.services.trading.ports import ApprovalRules, PartnerLedger, PriceBook, TradeLines
from openjxc.services.unit_of_work import (
    AuditLog,
    Barcodes,
    Batches,
    Books,
    CodedRepository,
    Counters,
    Documents,
    IdempotencyStore,
    LoginFailures,
    NumberedRepository,
    Periods,
    References,
    Repository,
    Settings,
    StockCounts,
    StockSettings,
    UnitOfWork,
    Users,
    Warehouses,
)

T = TypeVar("T")


class FakeRepository(Generic[T]):
    """Records in a dict by id; ids are given on ``add`` (a database gives them on flush)."""

    def __init__(self, records: Sequence[T] = ()) -> None:
        self._stored: dict[int, T] = {}
        self._added: dict[int, T] = {}
        self._deleted: set[int] = set()
        self._next_id = 1
        for record in records:
            self.add(record)
        self.commit()

    def __iter__(self) -> Iterator[T]:
        """What the transaction sees: stored records, less the deleted, plus the added."""
        for id, record in {**self._stored, **self._added}.items():
            if id not in self._deleted:
                yield record

    def get(self, id: int) -> T | None:
        return next((r for r in self if _id(r) == id), None)

    def get_by(self, **criteria: object) -> T | None:
        return next(iter(self.list_by(**criteria)), None)

    def lock_by(self, **criteria: object) -> T | None:
        return self.get_by(**criteria)

    def exists(self) -> bool:
        return next(iter(self), None) is not None

    def list_by(self, **criteria: object) -> list[T]:
        return [r for r in self if all(getattr(r, k) == v for k, v in criteria.items())]

    def by_code(self, code: str) -> T | None:
        return self.get_by(code=code)

    def by_number(self, number: str, *, lock: bool = False) -> T | None:
        return self.get_by(number=number)

    def by_username(self, username: str) -> T | None:
        return self.get_by(username=username)

    def lock_active(self) -> list[T]:
        return self.list_by(active=True)

    def add(self, obj: T) -> None:
        if getattr(obj, "id", None) is None:
            obj.id = self._next_id  # type: ignore[attr-defined]
        self._next_id = max(self._next_id, _id(obj)) + 1
        self._added[_id(obj)] = obj

    def delete(self, obj: T) -> None:
        self._deleted.add(_id(obj))

    def lock(self, obj: T) -> None:
        pass  # one test, one thread: nothing to wait for

    def commit(self) -> None:
        self._stored.update(self._added)
        for id in self._deleted:
            self._stored.pop(id, None)
        self.rollback()

    def rollback(self) -> None:
        self._added.clear()
        self._deleted.clear()


def _id(record: object) -> int:
    id = getattr(record, "id", None)
    assert isinstance(id, int), f"{record!r} has no id"
    return id


class FakeBarcodes(FakeRepository[Barcode]):
    """The barcodes are the products' own rows, as in the database (one table, one truth)."""

    def __init__(self, products: FakeRepository[Product]) -> None:
        super().__init__()
        self.products = products

    def __iter__(self) -> Iterator[Barcode]:
        for product in self.products:
            for barcode in product.barcodes:
                barcode.product_id = product.id  # what the database's flush does
                yield barcode

    def by_barcode(self, barcode: str) -> Barcode | None:
        return self.get_by(barcode=barcode)


class FakeWarehouses(FakeRepository[Warehouse]):
    def transit_of(self, organisation_id: int | None) -> Warehouse | None:
        return self.get_by(organisation_id=organisation_id, transit=True)


class FakeStockSettings(FakeRepository[StockSetting]):
    def of(self, product_id: int, warehouse_id: int) -> StockSetting | None:
        return self.get_by(product_id=product_id, warehouse_id=warehouse_id)


class FakeReferences:
    """Which records something else points at: name them with ``used``."""

    def __init__(self) -> None:
        self.used: set[tuple[str, int]] = set()

    def is_referenced(self, entity: str, id: int) -> bool:
        return (entity, id) in self.used


class FakeAuditLog:
    def __init__(self) -> None:
        self.records: list[tuple[str, str, object]] = []

    def record(
        self,
        actor: Actor,
        action: str,
        entity: str,
        entity_id: object,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        self.records.append((action, entity, entity_id))

    @property
    def actions(self) -> list[str]:
        return [action for action, _, _ in self.records]


class FakeCounters:
    def __init__(self) -> None:
        self.values: dict[str, int] = {}

    def next_value(self, name: str) -> int:
        self.values[name] = self.values.get(name, 0) + 1
        return self.values[name]


class FakeSettings:
    def __init__(self, values: dict[str, Any] | None = None) -> None:
        self.values = dict(values or {})

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def put(self, key: str, value: Any) -> None:
        self.values[key] = value


class FakePriceBook:
    """Customer, level and last sale prices per base unit, as a test sets them."""

    def __init__(self, products: FakeRepository[Product]) -> None:
        self.products = products
        self.customer: dict[tuple[int, int], Decimal] = {}  # (partner, product)
        self.level: dict[tuple[int, int], Decimal] = {}  # (product, level)
        self.last: dict[tuple[int, int], Decimal] = {}  # (partner, product)

    def customer_price(self, partner_id: int, product_id: int) -> Decimal | None:
        return self.customer.get((partner_id, product_id))

    def level_price(self, product_id: int, level: int) -> Decimal | None:
        return self.level.get((product_id, level))

    def last_sale_price(self, partner_id: int, product_id: int) -> Decimal | None:
        return self.last.get((partner_id, product_id))

    def min_prices(self, product_ids: Sequence[int]) -> dict[int, Decimal]:
        found = (self.products.get(id) for id in product_ids)
        return {p.id: p.min_sale_price for p in found if p and p.id and p.min_sale_price}

    def set_customer_price(self, partner_id: int, product_id: int, price: Decimal | None) -> None:
        _put(self.customer, (partner_id, product_id), price)

    def set_level_price(self, product_id: int, level: int, price: Decimal | None) -> None:
        _put(self.level, (product_id, level), price)


def _put(
    prices: dict[tuple[int, int], Decimal], key: tuple[int, int], price: Decimal | None
) -> None:
    if price is None:
        prices.pop(key, None)
    else:
        prices[key] = price


#: the ports left to the database tests
NOT_FAKED = (
    "imports",
    "documents",
    "batches",
    "periods",
    "ledger",
    "stock_counts",
    "payments",
    "partner_ledger",
    "trade_lines",
    "reservations",
    "approval_rules",
    "books",
    "idempotency",
    "login_failures",
)


class NotFaked:
    """Stands for a port the fakes leave to the database tests."""

    def __init__(self, port: str) -> None:
        self.port = port

    def __getattr__(self, name: str) -> Any:
        raise NotImplementedError(
            f"FakeUnitOfWork does not fake uow.{self.port} (asked for .{name}): "
            "test this rule on the database (tests/integration)"
        )


def _not_faked(port: str) -> Any:
    return NotFaked(port)


class FakeUnitOfWork:
    """The unit of work of the catalog and pricing services, in memory.

    ``committed`` tells whether the use case committed; leaving without a commit drops
    what the transaction added or deleted.
    """

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
    imports: ImportStore

    def __init__(self) -> None:
        self.committed = False
        self.roles = FakeRepository[Role]()
        self.users = FakeRepository[User]()
        self.tokens = FakeRepository[ApiToken]()
        self.organisations = FakeRepository[Organisation]()
        self.categories = FakeRepository[Category]()
        self.products = products = FakeRepository[Product]()
        self.barcodes = FakeBarcodes(products)
        self.warehouses = FakeWarehouses()
        self.partners = FakeRepository[Partner]()
        self.stock_settings = FakeStockSettings()
        # typed as fakes too, so tests can set them up and read them back
        self.references = self.fake_references = FakeReferences()
        self.audit = self.fake_audit = FakeAuditLog()
        self.counters = FakeCounters()
        self.settings = self.fake_settings = FakeSettings()
        self.prices = self.fake_prices = FakePriceBook(products)
        self._repositories = [r for r in vars(self).values() if isinstance(r, FakeRepository)]
        for port in NOT_FAKED:
            setattr(self, port, _not_faked(port))

    def __enter__(self) -> FakeUnitOfWork:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.rollback()

    def flush(self) -> None:
        pass  # ids are given on add

    def commit(self) -> None:
        for repository in self._repositories:
            repository.commit()
        self.committed = True

    def rollback(self) -> None:
        for repository in self._repositories:
            repository.rollback()


def _is_a_unit_of_work(uow: FakeUnitOfWork) -> UnitOfWork:
    return uow  # mypy --strict checks here that the fake is a UnitOfWork (structurally)
