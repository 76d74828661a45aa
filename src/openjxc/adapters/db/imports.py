"""The import engine's store: import records, bulk reads by code, bulk writes (executemany).

Reads load each kind of record with one query per chunk of codes (``CHUNK`` at a time, so
an IN list stays within every database's parameter limit); writes are one executemany per
table. Nothing here builds an ORM object per row to write: 100,000 products are a few
statements (docs/performance.md, "Import").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from openjxc.adapters.db.references import referencing_columns
from openjxc.adapters.db.tables import catalog, inventory, system, trading
from openjxc.domain.access.actor import Actor
from openjxc.domain.catalog.category import Category
from openjxc.domain.catalog.organisation import Organisation, OrganisationKind
from openjxc.domain.catalog.partner import Partner, PartnerContact, PartnerKind
from openjxc.domain.catalog.product import Barcode, Product, ProductUnit, Tracking
from openjxc.domain.catalog.warehouse import Warehouse
from openjxc.domain.inventory.valuation.methods import ValuationMethod
from openjxc.domain.shared import clock
from openjxc.services.imports.ports import (
    BarcodeHolder,
    ImportRecord,
    ImportStatus,
    StoredProduct,
)

CHUNK = 5000
#: the tables an import may write, by the names the kinds use
ENTITIES: dict[str, Table] = {
    "category": catalog.category,
    "warehouse": catalog.warehouse,
    "product": catalog.product,
    "product_unit": catalog.product_unit,
    "product_barcode": catalog.product_barcode,
    "level_price": trading.level_price,
    "partner": catalog.partner,
    "partner_contact": catalog.partner_contact,
}
_RECORD = system.import_record
_COUNTS = ("create", "update", "unchanged", "error", "warning")


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


class SqlImportStore:
    def __init__(self, session: Session):
        self.session = session

    def _run(self, statement: Any, rows: Any = None) -> Any:
        return self.session.connection().execute(statement, rows)

    # the records --------------------------------------------------------------------------

    def add(self, record: ImportRecord, content: bytes) -> int:
        values = {**_record_values(record), "content": content}
        return int(self._run(insert(_RECORD).values(**values).returning(_RECORD.c.id)).scalar_one())

    def get(self, id: int) -> ImportRecord | None:
        columns = [c for c in _RECORD.c if c.name != "content"]
        row = self._run(select(*columns).where(_RECORD.c.id == id)).mappings().first()
        return None if row is None else record_of(row)

    def content(self, id: int) -> bytes:
        return bytes(self._run(select(_RECORD.c.content).where(_RECORD.c.id == id)).scalar_one())

    def save(self, record: ImportRecord) -> None:
        values = _record_values(record)
        self._run(update(_RECORD).where(_RECORD.c.id == record.id).values(**values))

    # reads ----------------------------------------------------------------------------------

    def categories(self) -> list[Category]:
        table = catalog.category
        rows = self._run(
            select(table.c.code, table.c.name, table.c.parent_id, table.c.active, table.c.id)
        )
        return [Category(*row) for row in rows]

    def organisations(self) -> list[Organisation]:
        table = catalog.organisation
        rows = self._run(select(table.c.id, table.c.code, table.c.name, table.c.kind))
        return [
            Organisation(code=code, name=name, kind=OrganisationKind(kind), id=id)
            for id, code, name, kind in rows
        ]

    def warehouses(self) -> list[Warehouse]:
        table = catalog.warehouse
        rows = self._run(
            select(
                table.c.code,
                table.c.name,
                table.c.organisation_id,
                table.c.allow_negative_stock,
                table.c.address,
                table.c.keeper,
                table.c.active,
                table.c.transit,
                table.c.id,
            )
        )
        return [Warehouse(*row) for row in rows]

    def products(self, codes: Iterable[str]) -> dict[str, StoredProduct]:
        product, unit, barcode = catalog.product, catalog.product_unit, catalog.product_barcode
        level = trading.level_price
        found: dict[int, Product] = {}
        for chunk in _chunks(sorted(set(codes))):
            for row in self._run(select(product).where(product.c.code.in_(chunk))).mappings():
                found[row["id"]] = _product(row)
        units: dict[int, list[ProductUnit]] = defaultdict(list)
        barcodes: dict[int, list[Barcode]] = defaultdict(list)
        levels: dict[int, dict[int, Decimal]] = defaultdict(dict)
        for chunk in _chunks(sorted(found)):
            query = select(unit).where(unit.c.product_id.in_(chunk)).order_by(unit.c.id)
            for row in self._run(query).mappings():
                units[row["product_id"]].append(ProductUnit(row["name"], row["factor"], row["id"]))
            query = select(barcode).where(barcode.c.product_id.in_(chunk))
            for row in self._run(query).mappings():
                barcodes[row["product_id"]].append(
                    Barcode(row["barcode"], row["unit"], row["product_id"], row["id"])
                )
            query = select(level.c.product_id, level.c.level, level.c.price).where(
                level.c.product_id.in_(chunk)
            )
            for product_id, number, price in self._run(query):
                levels[product_id][number] = price
        result: dict[str, StoredProduct] = {}
        for id, item in found.items():
            item.units, item.barcodes = units[id], barcodes[id]
            result[item.code] = StoredProduct(item, levels[id])
        return result

    def partners(self, codes: Iterable[str]) -> dict[str, Partner]:
        table, contacts = catalog.partner, catalog.partner_contact
        found: dict[int, Partner] = {}
        for chunk in _chunks(sorted(set(codes))):
            for row in self._run(select(table).where(table.c.code.in_(chunk))).mappings():
                found[row["id"]] = Partner(
                    code=row["code"],
                    name=row["name"],
                    kind=PartnerKind(row["kind"]),
                    address=row["address"],
                    tax_number=row["tax_number"],
                    tax_rate=row["tax_rate"],
                    payment_terms_days=row["payment_terms_days"],
                    credit_limit=row["credit_limit"],
                    price_level=row["price_level"],
                    strategic=row["strategic"],
                    pinyin=row["pinyin"],
                    active=row["active"],
                    id=row["id"],
                )
        for chunk in _chunks(sorted(found)):
            query = select(contacts).where(contacts.c.partner_id.in_(chunk)).order_by(contacts.c.id)
            for row in self._run(query).mappings():
                found[row["partner_id"]].contacts.append(
                    PartnerContact(
                        row["name"], row["phone"], row["email"], row["position"], row["id"]
                    )
                )
        return {partner.code: partner for partner in found.values()}

    def average_costs(self, product_ids: Iterable[int]) -> dict[int, Decimal]:
        balance = inventory.stock_balance
        costs: dict[int, Decimal] = {}
        for chunk in _chunks(sorted(set(product_ids))):
            query = (
                select(balance.c.product_id, func.sum(balance.c.on_hand), func.sum(balance.c.value))
                .where(balance.c.product_id.in_(chunk), balance.c.on_hand > 0)
                .group_by(balance.c.product_id)
            )
            for product_id, on_hand, value in self._run(query):
                if on_hand and value is not None:
                    costs[product_id] = Decimal(value) / Decimal(on_hand)
        return costs

    def confirmed(self, kind: str, sha256: str) -> ImportRecord | None:
        columns = [c for c in _RECORD.c if c.name != "content"]
        query = (
            select(*columns)
            .where(
                _RECORD.c.kind == kind,
                _RECORD.c.sha256 == sha256,
                _RECORD.c.status == str(ImportStatus.CONFIRMED),
            )
            .order_by(_RECORD.c.id)
            .limit(1)
        )
        row = self._run(query).mappings().first()
        return None if row is None else record_of(row)

    def barcode_holders(self, barcodes: Iterable[str]) -> dict[str, BarcodeHolder]:
        barcode, product = catalog.product_barcode, catalog.product
        holders: dict[str, BarcodeHolder] = {}
        for chunk in _chunks(sorted(set(barcodes))):
            query = (
                select(
                    barcode.c.barcode,
                    barcode.c.product_id,
                    product.c.code,
                    product.c.name,
                    barcode.c.unit,
                )
                .join(product, product.c.id == barcode.c.product_id)
                .where(barcode.c.barcode.in_(chunk))
            )
            for code, *holder in self._run(query):
                holders[code] = BarcodeHolder(*holder)
        return holders

    def products_in_use(self, product_ids: Iterable[int]) -> set[int]:
        ids = sorted(set(product_ids))
        used: set[int] = set()
        for column in referencing_columns("product") if ids else ():
            for chunk in _chunks(ids):
                used.update(self._run(select(column).where(column.in_(chunk)).distinct()).scalars())
        return used

    # writes ---------------------------------------------------------------------------------

    def insert(self, entity: str, rows: Sequence[dict[str, Any]]) -> list[int]:
        if not rows:
            return []
        table = ENTITIES[entity]
        self._bulk_insert(table, _stamped(table, rows, created=True))
        if "code" not in table.c:
            return []
        # the new ids by their codes (unique): RETURNING in parameter order would cost
        # SQLite one statement per row
        codes = [row["code"] for row in rows]
        ids: dict[str, int] = {}
        for chunk in _chunks(codes):
            query = select(table.c.code, table.c.id).where(table.c.code.in_(chunk))
            ids.update({code: id for code, id in self._run(query)})
        return [ids[code] for code in codes]

    def _bulk_insert(self, table: Table, rows: Sequence[dict[str, Any]]) -> None:
        """As few round trips as the database allows: on PostgreSQL a COPY (an executemany is
        a round trip per row, and psycopg parses a large multi-row INSERT anew each time); on
        SQLite (in
        process, no round trips) one executemany straight to the driver, the values converted
        by each column's own type, since SQLAlchemy's per-row parameter handling cost more
        than the insert itself."""
        connection = self.session.connection()
        dialect = connection.dialect
        keys = list(rows[0])
        processors = {
            key: table.c[key].type.dialect_impl(dialect).bind_processor(dialect) for key in keys
        }
        if dialect.name == "postgresql":
            _copy(connection, table, keys, processors, rows)
            return
        compiled = (
            insert(table).values({key: bindparam(key) for key in keys}).compile(dialect=dialect)
        )
        if compiled.positional:
            order = list(compiled.positiontup or ())
            params: list[Any] = [
                tuple(_bound(processors[key], row[key]) for key in order) for row in rows
            ]
        else:
            params = [{key: _bound(processors[key], row[key]) for key in keys} for row in rows]
        connection.exec_driver_sql(compiled.string, params)

    def update(self, entity: str, rows: Sequence[dict[str, Any]]) -> None:
        if not rows:
            return
        table = ENTITIES[entity]
        rows = [{**row, "_id": row["id"]} for row in _stamped(table, rows, created=False)]
        columns = [key for key in rows[0] if key not in ("id", "_id")]
        statement = (
            update(table)
            .where(table.c.id == bindparam("_id"))
            .values({key: bindparam(key) for key in columns})
        )
        self.session.connection().execute(
            statement, [{k: v for k, v in row.items() if k != "id"} for row in rows]
        )

    def delete_of_products(self, entity: str, product_ids: Sequence[int]) -> None:
        table = ENTITIES[entity]
        for chunk in _chunks(list(product_ids)):
            self._run(delete(table).where(table.c.product_id.in_(chunk)))

    def delete_of_partners(self, entity: str, partner_ids: Sequence[int]) -> None:
        table = ENTITIES[entity]
        for chunk in _chunks(list(partner_ids)):
            self._run(delete(table).where(table.c.partner_id.in_(chunk)))

    def audit(self, actor: Actor, entries: Sequence[tuple[str, str, object, Any, Any]]) -> None:
        if not entries:
            return
        now = clock.now()
        self._bulk_insert(
            system.audit_log,
            [
                {
                    "at": now,
                    "user_id": actor.user_id,
                    "username": actor.username,
                    "action": action,
                    "entity": entity,
                    "entity_id": None if id is None else str(id),
                    "before": before,
                    "after": after,
                }
                for action, entity, id, before, after in entries
            ],
        )


def _copy(
    connection: Any,
    table: Table,
    keys: list[str],
    processors: dict[str, Any],
    rows: Sequence[dict[str, Any]],
) -> None:
    """The rows by COPY … FROM STDIN on the session's own connection (same transaction)."""
    quote = connection.dialect.identifier_preparer.quote
    columns = ", ".join(quote(key) for key in keys)
    driver = connection.connection.driver_connection
    statement = f"COPY {quote(table.name)} ({columns}) FROM STDIN"
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(tuple(_bound(processors[key], row[key]) for key in keys))


def _bound(processor: Any, value: Any) -> Any:
    return value if processor is None or value is None else processor(value)


def _stamped(table: Table, rows: Sequence[dict[str, Any]], created: bool) -> list[dict[str, Any]]:
    stamps: dict[str, Any] = {}
    now = clock.now()
    if "updated_at" in table.c:
        stamps["updated_at"] = now
    if created and "created_at" in table.c:
        stamps["created_at"] = now
    return [{**row, **stamps} for row in rows] if stamps else list(rows)


def _product(row: Any) -> Product:
    return Product(
        code=row["code"],
        name=row["name"],
        base_unit=row["base_unit"],
        base_unit_decimals=row["base_unit_decimals"],
        spec=row["spec"],
        category_id=row["category_id"],
        tracking=Tracking(row["tracking"]),
        shelf_life_days=row["shelf_life_days"],
        valuation_method=ValuationMethod(row["valuation_method"]),
        tax_rate=row["tax_rate"],
        list_price=row["list_price"],
        purchase_price=row["purchase_price"],
        min_sale_price=row["min_sale_price"],
        pinyin=row["pinyin"],
        active=row["active"],
        id=row["id"],
    )


def _record_values(record: ImportRecord) -> dict[str, Any]:
    return {
        "kind": record.kind,
        "file_name": record.file_name,
        "sha256": record.sha256,
        "status": str(record.status),
        **{f"{name}_count": record.counts.get(name, 0) for name in _COUNTS},
        "result": record.result,
        "organisation_id": record.organisation_id,
        "created_by": record.created_by,
        "created_at": record.created_at,
        "confirmed_at": record.confirmed_at,
    }


def record_of(row: Any) -> ImportRecord:
    return ImportRecord(
        kind=row["kind"],
        file_name=row["file_name"],
        sha256=row["sha256"],
        status=ImportStatus(row["status"]),
        counts={name: row[f"{name}_count"] for name in _COUNTS},
        created_by=row["created_by"],
        created_at=row["created_at"],
        organisation_id=row["organisation_id"],
        confirmed_at=row["confirmed_at"],
        result=row["result"] or {},
        id=row["id"],
    )
