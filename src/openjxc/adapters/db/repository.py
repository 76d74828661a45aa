"""The generic repository over classically mapped aggregates."""

from __future__ import annotations

import functools
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, and_, bindparam, inspect, select
from sqlalchemy.orm import Mapper, Session, joinedload
from sqlalchemy.orm.util import identity_key

from openjxc.domain.access.user import User
from openjxc.domain.catalog.stock_setting import StockSetting
from openjxc.domain.catalog.warehouse import Warehouse

T = TypeVar("T")


@functools.cache
def _joined(cls: Any) -> tuple[Any, ...]:
    """Load options joining ``cls``'s child collections (those its mapper loads with a
    second query) into the statement that reads it."""
    mapper: Mapper[Any] = inspect(cls)
    children = [r.class_attribute for r in mapper.relationships if r.uselist]
    return tuple(joinedload(c) for c in children if c.property.lazy == "selectin")


@functools.cache
def _find(cls: Any, names: tuple[str, ...], nulls: tuple[str, ...], lock: bool) -> Select[Any]:
    """One statement per (class, criteria, lock), built once: the rows matching the criteria
    (``nulls``: IS NULL) with their children joined in (one round trip; a mapper loads them
    in a second query)."""
    query: Select[Any] = select(cls).where(
        and_(
            *(getattr(cls, n) == bindparam(n) for n in names),
            *(getattr(cls, n).is_(None) for n in nulls),
        )
    )
    eager = _joined(cls)
    # joined children repeat the parent's row: no LIMIT (the criteria name one aggregate)
    query = query.options(*eager) if eager else query.limit(1)
    if lock:  # FOR UPDATE of the aggregate's own row (PostgreSQL; SQLite: see ``lock``)
        query = query.with_for_update(of=cls).execution_options(populate_existing=True)
    return query


class SqlRepository(Generic[T]):
    def __init__(self, session: Session, cls: type[T]):
        self.session = session
        self.cls = cls

    def get(self, id: int) -> T | None:
        # from the session's identity map when it holds the row, else one statement built
        # once (``Session.get`` with load options would build its query on every miss)
        held = self.session.identity_map.get(identity_key(self.cls, id))
        if held is not None:
            found: T = held
            return found
        return self.get_by(id=id)

    def exists(self) -> bool:
        return self.session.scalar(select(inspect(self.cls).local_table).limit(1)) is not None

    def get_by(self, **criteria: object) -> T | None:
        found: T | None = (
            self.session.scalars(self._statement(criteria, False), criteria).unique().first()
        )
        return found

    def lock_by(self, **criteria: object) -> T | None:
        """``get_by`` with the row read FOR UPDATE (PostgreSQL): found and locked in one
        statement, its attributes as of the lock."""
        lock = self.session.get_bind().dialect.name != "sqlite"
        found: T | None = (
            self.session.scalars(self._statement(criteria, lock), criteria).unique().first()
        )
        return found

    # the named finders of the ports (services/unit_of_work.py), each on the aggregates
    # whose table has that column: the port a repository is given says which it offers

    def by_code(self, code: str) -> T | None:
        return self.get_by(code=code)

    def by_number(self, number: str, *, lock: bool = False) -> T | None:
        return self.lock_by(number=number) if lock else self.get_by(number=number)

    def by_username(self, username: str) -> T | None:
        return self.get_by(username=username)

    def by_barcode(self, barcode: str) -> T | None:
        return self.get_by(barcode=barcode)

    def _statement(self, criteria: dict[str, object], lock: bool) -> Select[Any]:
        cls: Any = self.cls
        names = tuple(sorted(k for k, v in criteria.items() if v is not None))
        nulls = tuple(sorted(k for k, v in criteria.items() if v is None))
        return _find(cls, names, nulls, lock)

    def list_by(self, **criteria: object) -> list[T]:
        return list(self.session.scalars(select(self.cls).filter_by(**criteria)))

    def add(self, obj: T) -> None:
        self.session.add(obj)

    def delete(self, obj: T) -> None:
        self.session.delete(obj)

    def lock(self, obj: T) -> None:
        if self.session.get_bind().dialect.name == "sqlite":
            # write sessions BEGIN IMMEDIATE: this transaction has held the database's write
            # lock since before ``obj`` was read, so no other writer can have changed it
            return
        # OF the aggregate's row: its children may be joined in (see ``_find``)
        self.session.refresh(obj, with_for_update={"of": type(obj)})


class SqlUsers(SqlRepository[User]):
    def __init__(self, session: Session):
        super().__init__(session, User)

    def lock_active(self) -> list[User]:
        query = select(User).filter_by(active=True).order_by(User.id)  # type: ignore[arg-type]
        if self.session.get_bind().dialect.name != "sqlite":  # SQLite: see ``lock``
            query = query.with_for_update().execution_options(populate_existing=True)
        return list(self.session.scalars(query))


class SqlWarehouses(SqlRepository[Warehouse]):
    def __init__(self, session: Session):
        super().__init__(session, Warehouse)

    def transit_of(self, organisation_id: int | None) -> Warehouse | None:
        return self.get_by(organisation_id=organisation_id, transit=True)


class SqlStockSettings(SqlRepository[StockSetting]):
    def __init__(self, session: Session):
        super().__init__(session, StockSetting)

    def of(self, product_id: int, warehouse_id: int) -> StockSetting | None:
        return self.get_by(product_id=product_id, warehouse_id=warehouse_id)
