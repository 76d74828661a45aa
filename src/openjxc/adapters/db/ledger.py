"""The stock ledger on SQL: locked streams, append-only moves, balance caches."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from datetime import date
from decimal import Context, Decimal, Inexact, InvalidOperation
from itertools import repeat
from typing import Any

from sqlalchemy import (
    and_,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from openjxc.adapters.db.tables import catalog, inventory
from openjxc.domain.catalog.product import Tracking
from openjxc.domain.inventory.stream import ValueBasis, ValuedMove
from openjxc.domain.inventory.valuation import (
    FifoState,
    Layer,
    Move,
    MovingAverageState,
    ValuationMethod,
    ValuationState,
    replay,
)
from openjxc.domain.shared import clock
from openjxc.domain.shared.numbers import MONEY_SCALE, PRICE_SCALE, QTY_SCALE, ZERO
from openjxc.services.inventory.ledger import (
    NewMove,
    Position,
    Revaluation,
    StoredMove,
    Stream,
    StreamKey,
    StreamUpdate,
)

m = inventory.stock_move
b = inventory.stock_balance

#: the value of one stored unit at each scale (10**-scale): raw integer times unit is exact
_UNITS = {scale: Decimal(1).scaleb(-scale) for scale in (QTY_SCALE, PRICE_SCALE, MONEY_SCALE)}


def _before_or_at(position: Position) -> Any:
    day, move_id = position
    return or_(m.c.date < day, and_(m.c.date == day, m.c.id <= move_id))


def _after(position: Position) -> Any:
    day, move_id = position
    return or_(m.c.date > day, and_(m.c.date == day, m.c.id > move_id))


def _keys_in(table: Any, keys: Sequence[StreamKey]) -> Any:
    """``(product_id, warehouse_id)`` is one of ``keys``: grouped by warehouse, so a document
    of many lines in one warehouse is one short ``IN`` list."""
    by_warehouse: dict[int, list[int]] = {}
    for key in keys:
        by_warehouse.setdefault(key.warehouse_id, []).append(key.product_id)
    return or_(
        *(
            and_(table.c.warehouse_id == warehouse, table.c.product_id.in_(products))
            for warehouse, products in sorted(by_warehouse.items())
        )
    )


def _stream(key: StreamKey) -> Any:
    return and_(m.c.product_id == key.product_id, m.c.warehouse_id == key.warehouse_id)


#: a stream's balance row and the settings posting needs; rows come (and, on PostgreSQL,
#: are locked FOR UPDATE as the sorted result is produced) in (product, warehouse) order
_LOCK_ROWS = (
    select(
        b.c.product_id,
        b.c.warehouse_id,
        b.c.on_hand,
        b.c.value,
        b.c.last_unit_cost,
        b.c.last_move_date,
        b.c.last_move_id,
        catalog.product.c.valuation_method,
        catalog.product.c.purchase_price,
        catalog.product.c.tracking,
        catalog.warehouse.c.allow_negative_stock,
    )
    .join(catalog.product, catalog.product.c.id == b.c.product_id)
    .join(catalog.warehouse, catalog.warehouse.c.id == b.c.warehouse_id)
    .order_by(b.c.product_id, b.c.warehouse_id)
)
_LOCK_IN_WAREHOUSE = _LOCK_ROWS.where(
    b.c.warehouse_id == bindparam("k_wh"),
    b.c.product_id.in_(bindparam("k_products", expanding=True)),
)
_LOCK_IN_WAREHOUSE_PG = _LOCK_IN_WAREHOUSE.with_for_update(of=b)
_BATCH_TRACKED = select(catalog.product.c.id).where(
    catalog.product.c.id.in_(bindparam("ids", expanding=True)),
    catalog.product.c.tracking != Tracking.NONE.value,
)
_INSERT_MOVES = insert(m).returning(m.c.id, sort_by_parameter_order=True)
#: the earliest date of a move paired with (a transfer leg valued from) a move of ``_source``
_source = m.alias("source")
_PAIRED_STREAMS = (
    select(m.c.product_id, m.c.warehouse_id, func.min(m.c.date))
    .join(_source, _source.c.id == m.c.pair_move_id)
    .where(m.c.pair_move_id.is_not(None))
    .group_by(m.c.product_id, m.c.warehouse_id)
)
_PAIRED_STREAMS_IN_WAREHOUSE = _PAIRED_STREAMS.where(
    _source.c.warehouse_id == bindparam("k_wh"),
    _source.c.product_id.in_(bindparam("k_products", expanding=True)),
    or_(
        _source.c.date > bindparam("k_day"),
        and_(_source.c.date == bindparam("k_day"), _source.c.id > bindparam("k_id")),
    ),
)
#: a stream's moves after a position (date, id), in ledger order, as stored
_TAIL = (
    "SELECT id, date, qty, basis, value, batch_id, line_id, reverses_move_id,"  # noqa: S608
    f" takes_back_move_id FROM {m.name}"
    " WHERE product_id = ? AND warehouse_id = ? AND (date > ? OR (date = ? AND id > ?))"
    " ORDER BY date, id"
)


#: the receiving legs pointing at given moves (``{ids}``: the dialect's list of ids)
_PAIRED = (
    "SELECT id, product_id, warehouse_id, date, qty, basis, value, batch_id, line_id,"  # noqa: S608
    f" pair_move_id FROM {m.name} WHERE pair_move_id {{ids}} ORDER BY id"
)


def _scaled(stored: int, scale: int) -> Decimal:
    return Decimal(stored) * _UNITS[scale]


def _to_date(stored: str) -> date:
    return date.fromisoformat(stored)


def _same(stored: Any) -> Any:
    return stored


#: the valuation columns re-costing rewrites, with the scale each is stored at
_VALUATION_COLUMNS = (
    ("value", MONEY_SCALE),
    ("adjustment", MONEY_SCALE),
    ("unit_cost", PRICE_SCALE),
    ("qty_after", QTY_SCALE),
    ("value_after", MONEY_SCALE),
    ("cost_after", PRICE_SCALE),
    ("batch_qty_after", QTY_SCALE),
)
_VALUED_FIELDS = ValuedMove._fields
#: moves per re-costing UPDATE on PostgreSQL
_REVALUE_CHUNK = 20_000
_SET_VALUATION = ", ".join(f"{name} = ?" for name, _ in _VALUATION_COLUMNS)
#: SQLite: one prepared UPDATE run for every move by the driver's executemany
_REVALUE_SQLITE = f"UPDATE {m.name} SET {_SET_VALUATION} WHERE id = ?"  # noqa: S608
#: PostgreSQL: one UPDATE joining the new values passed as arrays (one round trip)
_REVALUE_PG = (
    f"UPDATE {m.name} AS m SET "  # noqa: S608
    + ", ".join(f"{name} = t.{name}" for name, _ in _VALUATION_COLUMNS)
    + " FROM unnest("
    + ", ".join(["%s::bigint[]"] * (len(_VALUATION_COLUMNS) + 1))
    + ") AS t(id, "
    + ", ".join(name for name, _ in _VALUATION_COLUMNS)
    + ") WHERE m.id = t.id AND m.product_id = %s AND m.warehouse_id = %s"
    + " AND m.id BETWEEN %s AND %s"
)
_rv = inventory.stock_revaluation
_REVALUED_AT = _rv.c.created_at
_RECORD_COLUMNS = "move_id, old_value, new_value, caused_by_document_id, created_at"
_RECORD_SQLITE = f"INSERT INTO {_rv.name} ({_RECORD_COLUMNS}) VALUES (?, ?, ?, ?, ?)"  # noqa: S608
_RECORD_PG = (
    f"INSERT INTO {_rv.name} ({_RECORD_COLUMNS}) "  # noqa: S608
    "SELECT t.move_id, t.old_value, t.new_value, %s::integer, %s::timestamptz"
    " FROM unnest(%s::bigint[], %s::bigint[], %s::bigint[]) AS t(move_id, old_value, new_value)"
)
_SAVE_BALANCE = (
    update(b)
    .where(b.c.product_id == bindparam("k_product"), b.c.warehouse_id == bindparam("k_wh"))
    .values(
        on_hand=bindparam("s_on_hand"),
        value=bindparam("s_value"),
        last_unit_cost=bindparam("s_cost"),
        last_move_date=bindparam("s_date"),
        last_move_id=bindparam("s_move"),
    )
)


class SqlLedger:
    def __init__(self, session: Session):
        self.session = session
        self.postgres = session.get_bind().dialect.name == "postgresql"

    @property
    def _db(self) -> Connection:
        """The session's connection: ledger statements are Core, so they skip the ORM's
        per-statement work (pending ORM changes are flushed when a posting starts)."""
        return self.session.connection()

    # --- locking -------------------------------------------------------------------------

    def lock(self, keys: Sequence[StreamKey]) -> dict[StreamKey, Stream]:
        """Lock the streams' balance rows in sorted key order (creating missing ones).

        One query locks and reads every existing row; a second one inserts the rows of
        streams never posted to before, which are then locked like the others. FIFO layers
        and batch quantities of all streams are read with one query each.
        """
        if not keys:
            return {}
        self.session.flush()  # the moves refer to rows the ORM may not have written yet
        keys = sorted(set(keys))
        rows = self._locked_rows(keys)
        missing = [k for k in keys if k not in rows]
        if missing:
            dialect_insert = pg_insert if self.postgres else sqlite_insert
            self._db.execute(
                dialect_insert(b)
                .values(
                    [
                        {
                            "product_id": k.product_id,
                            "warehouse_id": k.warehouse_id,
                            "on_hand": ZERO,
                            "value": ZERO,
                            "reserved": ZERO,
                        }
                        for k in missing
                    ]
                )
                .on_conflict_do_nothing()
            )
            rows.update(self._locked_rows(missing))
        fifo = [k for k in keys if rows[k]["valuation_method"] == ValuationMethod.FIFO.value]
        layers = self._fifo_layers(fifo)
        tracked = [k for k in keys if rows[k]["tracking"] != Tracking.NONE.value]
        batches = self._batch_quantities(tracked)
        streams: dict[StreamKey, Stream] = {}
        for key in keys:
            row = rows[key]
            method = ValuationMethod(row["valuation_method"])
            state: ValuationState
            if method is ValuationMethod.MOVING_AVERAGE:
                state = MovingAverageState(row["on_hand"], row["value"], row["last_unit_cost"])
            else:
                state = FifoState(tuple(layers.get(key, ())), row["last_unit_cost"])
            streams[key] = Stream(
                key=key,
                method=method,
                allow_negative=row["allow_negative_stock"],
                state=state,
                batch_qty=batches.get(key, {}),
                last_position=(row["last_move_date"], row["last_move_id"])
                if row["last_move_id"]
                else None,
                fallback_cost=row["purchase_price"] or ZERO,
            )
        return streams

    def _locked_rows(self, keys: Sequence[StreamKey]) -> dict[StreamKey, Any]:
        """The balance rows of ``keys`` with their settings, locked in key order."""
        warehouses = {k.warehouse_id for k in keys}
        if len(warehouses) == 1:
            # the usual case: one prepared statement, the products as an expanding IN list
            query = _LOCK_IN_WAREHOUSE_PG if self.postgres else _LOCK_IN_WAREHOUSE
            params = {"k_wh": keys[0].warehouse_id, "k_products": [k.product_id for k in keys]}
            result = self._db.execute(query, params)
        else:
            query = _LOCK_ROWS.where(_keys_in(b, keys))
            if self.postgres:
                query = query.with_for_update(of=b)
            result = self._db.execute(query)
        return {StreamKey(row["product_id"], row["warehouse_id"]): row for row in result.mappings()}

    def _fifo_layers(self, keys: Sequence[StreamKey]) -> dict[StreamKey, list[Layer]]:
        if not keys:
            return {}
        f = inventory.fifo_layer
        rows = self._db.execute(
            select(f.c.product_id, f.c.warehouse_id, f.c.qty, f.c.unit_cost, f.c.value, f.c.move_id)
            .where(_keys_in(f, keys))
            .order_by(f.c.product_id, f.c.warehouse_id, f.c.position)
        )
        layers: dict[StreamKey, list[Layer]] = {}
        for r in rows:
            layers.setdefault(StreamKey(r.product_id, r.warehouse_id), []).append(
                Layer(r.qty, r.unit_cost, r.value, r.move_id)
            )
        return layers

    def _batch_quantities(self, keys: Sequence[StreamKey]) -> dict[StreamKey, dict[int, Decimal]]:
        if not keys:
            return {}
        bb = inventory.batch_balance
        rows = self._db.execute(
            select(bb.c.product_id, bb.c.warehouse_id, bb.c.batch_id, bb.c.on_hand).where(
                _keys_in(bb, keys)
            )
        )
        found: dict[StreamKey, dict[int, Decimal]] = {}
        for r in rows:
            found.setdefault(StreamKey(r.product_id, r.warehouse_id), {})[r.batch_id] = r.on_hand
        return found

    def batch_tracked(self, product_ids: Collection[int]) -> set[int]:
        if not product_ids:
            return set()
        return set(self._db.scalars(_BATCH_TRACKED, {"ids": sorted(product_ids)}))

    # --- reading the stream ----------------------------------------------------------------

    def moves_after(self, key: StreamKey, position: Position) -> list[StoredMove]:
        """The stream's moves after ``position``: the tail a backdated posting re-costs.

        The hot read of re-costing (100,000s of rows): run on the driver, with quantities
        and values scaled here from the stored integers, which is several times cheaper
        than result processing per value.
        """
        day, move_id = position
        # SQLite keeps dates as ISO text (SQLAlchemy's Date on SQLite), PostgreSQL as dates
        on: Any = day if self.postgres else day.isoformat()
        sql = _TAIL.replace("?", "%s") if self.postgres else _TAIL
        # fetchall: one driver call, not a fetch per row through the result's iterator
        rows = self._db.exec_driver_sql(
            sql, (key.product_id, key.warehouse_id, on, on, move_id)
        ).fetchall()
        to_date = _same if self.postgres else _to_date
        qty_unit, money_unit = _UNITS[QTY_SCALE], _UNITS[MONEY_SCALE]
        bases = {basis.value: basis for basis in ValueBasis}
        return [
            StoredMove(
                row_id,
                key,
                to_date(stored_on),
                Decimal(qty) * qty_unit,
                bases[basis],
                Decimal(value) * money_unit,
                batch_id,
                line_id,
                reverses,
                takes_back,
            )
            for row_id, stored_on, qty, basis, value, batch_id, line_id, reverses, takes_back in rows
        ]

    def state_before(
        self, stream: Stream, position: Position
    ) -> tuple[ValuationState, dict[int, Decimal]]:
        """State after every move at or before ``position``."""
        key = stream.key
        state: ValuationState
        if stream.method is ValuationMethod.FIFO:
            # FIFO layers are not kept per move: rebuild them from the start of the stream
            rows = self._db.execute(
                select(m.c.id, m.c.qty, m.c.value, m.c.takes_back_move_id)
                .where(_stream(key), _before_or_at(position))
                .order_by(m.c.date, m.c.id)
            )
            state = replay_fifo(rows, stream.fallback_cost)
        else:
            row = self._db.execute(
                select(m.c.qty_after, m.c.value_after, m.c.cost_after)
                .where(_stream(key), _before_or_at(position))
                .order_by(m.c.date.desc(), m.c.id.desc())
                .limit(1)
            ).first()
            state = (
                MovingAverageState(row.qty_after, row.value_after, row.cost_after)
                if row
                else MovingAverageState()
            )
        ranked = (
            select(
                m.c.batch_id,
                m.c.batch_qty_after,
                func.row_number()
                .over(partition_by=m.c.batch_id, order_by=(m.c.date.desc(), m.c.id.desc()))
                .label("rank"),
            )
            .where(_stream(key), _before_or_at(position), m.c.batch_id.is_not(None))
            .subquery()
        )
        batches = self._db.execute(
            select(ranked.c.batch_id, ranked.c.batch_qty_after).where(ranked.c.rank == 1)
        )
        return state, {r.batch_id: r.batch_qty_after for r in batches}

    def paired_moves(self, move_ids: Sequence[int]) -> dict[int, list[StoredMove]]:
        """The moves pointing at ``move_ids`` as their pair (a transfer's receiving legs), in
        id order, in one statement however many ids: re-costing a long tail asks about every
        move in it."""
        if not move_ids:
            return {}
        ids = sorted(set(move_ids))
        if self.postgres:
            sql, parameter = _PAIRED.format(ids="= ANY(%s::bigint[])"), _pg_array(ids)
        else:
            sql, parameter = _PAIRED.format(ids="IN (SELECT value FROM json_each(?))"), str(ids)
        to_date = _same if self.postgres else _to_date
        found: dict[int, list[StoredMove]] = {}
        for (
            row_id,
            product_id,
            warehouse_id,
            stored_on,
            qty,
            basis,
            value,
            batch_id,
            line_id,
            pair_id,
        ) in self._db.exec_driver_sql(sql, (parameter,)):
            found.setdefault(pair_id, []).append(
                StoredMove(
                    row_id,
                    StreamKey(product_id, warehouse_id),
                    to_date(stored_on),
                    _scaled(qty, QTY_SCALE),
                    ValueBasis(basis),
                    _scaled(value, MONEY_SCALE),
                    batch_id,
                    line_id,
                )
            )
        return found

    def paired_streams(self, starts: Mapping[StreamKey, Position]) -> dict[StreamKey, Position]:
        """One statement for all ``starts``: the earliest date of a paired move per stream,
        as a position before every move of that date (a cheap over-approximation)."""
        if not starts:
            return {}
        groups: dict[Position, list[StreamKey]] = {}
        for key, position in starts.items():
            groups.setdefault(position, []).append(key)
        if len(groups) == 1 and len({k.warehouse_id for k in starts}) == 1:
            # the usual case (every line of a document at its date, in one warehouse):
            # one prepared statement, run by every posting
            (day, move_id), keys = next(iter(groups.items()))
            params = {
                "k_wh": keys[0].warehouse_id,
                "k_products": sorted(k.product_id for k in keys),
                "k_day": day,
                "k_id": move_id,
            }
            rows = self._db.execute(_PAIRED_STREAMS_IN_WAREHOUSE, params)
        else:
            after = []
            for (day, move_id), keys in sorted(groups.items()):
                later = or_(
                    _source.c.date > day, and_(_source.c.date == day, _source.c.id > move_id)
                )
                after.append(and_(_keys_in(_source, sorted(keys)), later))
            rows = self._db.execute(_PAIRED_STREAMS.where(or_(*after)))
        return {StreamKey(r[0], r[1]): (r[2], 0) for r in rows}

    def moves_of_document(self, document_id: int) -> list[StoredMove]:
        rows = self._db.execute(
            select(
                m.c.id,
                m.c.product_id,
                m.c.warehouse_id,
                m.c.date,
                m.c.qty,
                m.c.basis,
                m.c.value,
                m.c.batch_id,
                m.c.line_id,
                m.c.reverses_move_id,
                m.c.takes_back_move_id,
                m.c.pair_move_id,
            )
            .where(m.c.document_id == document_id)
            .order_by(m.c.id)
        )
        return [_stored(r) for r in rows]

    def lines_with_moves(self, line_ids: Sequence[int]) -> set[int]:
        if not line_ids:
            return set()
        return set(
            self._db.scalars(select(m.c.line_id).where(m.c.line_id.in_(line_ids)).distinct())
        )

    def reversed_ids(self, move_ids: Sequence[int]) -> set[int]:
        rows = self._db.execute(
            select(m.c.reverses_move_id).where(m.c.reverses_move_id.in_(move_ids))
        )
        return {r[0] for r in rows}

    # --- writing ---------------------------------------------------------------------------

    def insert(self, moves: Sequence[tuple[NewMove, ValuedMove]]) -> dict[object, int]:
        """Issuing legs first, so receiving legs can point at them."""
        ids: dict[object, int] = {}
        now = clock.now()
        for batch in (
            [x for x in moves if x[0].pair_tag is None],
            [x for x in moves if x[0].pair_tag is not None],
        ):
            if not batch:
                continue
            rows = [
                {
                    "document_id": new.document_id,
                    "line_id": new.line_id,
                    "product_id": new.key.product_id,
                    "warehouse_id": new.key.warehouse_id,
                    "batch_id": new.batch_id,
                    "date": new.date,
                    "qty": new.qty,
                    "reverses_move_id": new.reverses_move_id,
                    "takes_back_move_id": new.takes_back_move_id,
                    "pair_move_id": ids[new.pair_tag]
                    if new.pair_tag is not None
                    else new.pair_move_id,
                    "basis": new.basis,
                    "created_at": now,
                    **_valuation(valued),
                }
                for new, valued in batch
            ]
            result = self._db.execute(_INSERT_MOVES, rows)
            for (new, _), move_id in zip(batch, result.scalars(), strict=True):
                ids[new.tag] = move_id
        self._record_layers([v for _, v in moves], ids)
        return ids

    def revalue(self, key: StreamKey, moves: Sequence[ValuedMove], ids: dict[object, int]) -> None:
        """Rewrite posted moves' valuation with one driver-level statement.

        A long backdated tail is 100,000 rows: the values go to the driver already as stored
        integers, without per-row statement or type processing.
        """
        if not moves:
            return
        if self.postgres:
            self._revalue_pg(key, moves)
        else:
            columns = list(zip(*moves, strict=True))
            scaled = [
                [_int(v, scale) for v in columns[_VALUED_FIELDS.index(name)]]
                for name, scale in _VALUATION_COLUMNS
            ]
            self._db.exec_driver_sql(_REVALUE_SQLITE, list(zip(*scaled, columns[0], strict=True)))
        layered = [v for v in moves if v.layers]
        if layered:
            sml = inventory.stock_move_layer
            for chunk in _chunks([v.key for v in layered]):
                self._db.execute(delete(sml).where(sml.c.move_id.in_(chunk)))
            self._record_layers(layered, ids)

    def record_revaluations(
        self, changes: Sequence[Revaluation], caused_by_document_id: int | None
    ) -> None:
        """Append one ``stock_revaluation`` row per change with one driver-level statement
        (a backdated receipt can re-value every later issue of a long stream)."""
        if not changes:
            return
        moves, old, new = zip(*changes, strict=True)
        now = clock.now()
        if self.postgres:
            driver = self._db.connection.driver_connection
            assert driver is not None
            with driver.cursor() as cursor:
                for start in range(0, len(changes), _REVALUE_CHUNK):
                    end = start + _REVALUE_CHUNK
                    cursor.execute(
                        _RECORD_PG,
                        (
                            caused_by_document_id,
                            now,
                            _pg_array(moves[start:end]),
                            _pg_scaled_array(old[start:end], MONEY_SCALE),
                            _pg_scaled_array(new[start:end], MONEY_SCALE),
                        ),
                    )
            return
        dialect = self._db.dialect
        at = _REVALUED_AT.type.dialect_impl(dialect).bind_processor(dialect)
        stored_at = at(now) if at is not None else now
        rows = [
            (
                move,
                _int(before, MONEY_SCALE),
                _int(after, MONEY_SCALE),
                caused_by_document_id,
                stored_at,
            )
            for move, before, after in changes
        ]
        self._db.exec_driver_sql(_RECORD_SQLITE, rows)

    def _revalue_pg(self, key: StreamKey, moves: Sequence[ValuedMove]) -> None:
        """One ``UPDATE … FROM unnest(arrays)`` per chunk of moves, pipelined: the server
        rewrites one chunk while the next one's arrays are built. Each chunk joins only the
        stream's moves in the chunk's id range (an index range, however long the ledger)."""
        driver = self._db.connection.driver_connection
        assert driver is not None
        if len(moves) > _REVALUE_CHUNK:  # the unnested arrays are joined in memory
            self._db.exec_driver_sql("SET LOCAL work_mem = '64MB'")
        with driver.pipeline(), driver.cursor() as cursor:
            for chunk in _chunks(moves, _REVALUE_CHUNK):
                columns = list(zip(*chunk, strict=True))
                cursor.execute(
                    _REVALUE_PG,
                    (
                        _pg_array(columns[0]),
                        *(
                            _pg_scaled_array(columns[_VALUED_FIELDS.index(name)], scale)
                            for name, scale in _VALUATION_COLUMNS
                        ),
                        key.product_id,
                        key.warehouse_id,
                        min(columns[0]),
                        max(columns[0]),
                    ),
                )

    def _record_layers(self, moves: Sequence[ValuedMove], ids: dict[object, int]) -> None:
        rows = [
            {
                "move_id": ids.get(v.key, v.key),
                "layer_move_id": ids.get(c.layer_ref, c.layer_ref)
                if c.layer_ref is not None
                else None,
                "qty": c.qty,
                "value": c.value,
            }
            for v in moves
            for c in v.layers
        ]
        if rows:
            self._db.execute(insert(inventory.stock_move_layer), rows)

    def save(self, updates: Sequence[StreamUpdate], ids: dict[object, int]) -> None:
        """Every stream's caches with one statement per table (executemany)."""
        if not updates:
            return
        self._db.execute(
            _SAVE_BALANCE,
            [
                {
                    "k_product": u.stream.key.product_id,
                    "k_wh": u.stream.key.warehouse_id,
                    "s_on_hand": u.state.qty,
                    "s_value": u.state.value,
                    "s_cost": u.state.last_unit_cost,
                    "s_date": u.last[0],
                    "s_move": u.last[1],
                }
                for u in updates
            ],
            execution_options={"synchronize_session": False},
        )
        self._save_batches(updates)
        fifo = [u for u in updates if isinstance(u.state, FifoState)]
        if fifo:
            f = inventory.fifo_layer
            self._db.execute(delete(f).where(_keys_in(f, [u.stream.key for u in fifo])))
            rows = [
                {
                    "product_id": u.stream.key.product_id,
                    "warehouse_id": u.stream.key.warehouse_id,
                    "position": i,
                    "move_id": ids.get(layer.ref, layer.ref) if layer.ref is not None else None,
                    "qty": layer.qty,
                    "unit_cost": layer.unit_cost,
                    "value": layer.value,
                }
                for u in fifo
                if isinstance(u.state, FifoState)
                for i, layer in enumerate(u.state.layers)
            ]
            if rows:
                self._db.execute(insert(f), rows)

    def _save_batches(self, updates: Sequence[StreamUpdate]) -> None:
        bb = inventory.batch_balance
        new: list[dict[str, Any]] = []
        changed: list[dict[str, Any]] = []
        for u in updates:
            key, before = u.stream.key, u.stream.batch_qty
            for batch_id, qty in u.batch_qty.items():
                if batch_id not in before:
                    new.append(
                        {
                            "batch_id": batch_id,
                            "warehouse_id": key.warehouse_id,
                            "product_id": key.product_id,
                            "on_hand": qty,
                        }
                    )
                elif before[batch_id] != qty:
                    changed.append({"k_batch": batch_id, "k_wh": key.warehouse_id, "qty": qty})
        if new:
            self._db.execute(insert(bb), new)
        if changed:
            self._db.execute(
                update(bb)
                .where(
                    bb.c.batch_id == bindparam("k_batch"), bb.c.warehouse_id == bindparam("k_wh")
                )
                .values(on_hand=bindparam("qty")),
                changed,
                execution_options={"synchronize_session": False},
            )


def _valuation(v: ValuedMove) -> dict[str, Any]:
    return {
        "value": v.value,
        "adjustment": v.adjustment,
        "unit_cost": v.unit_cost,
        "qty_after": v.qty_after,
        "value_after": v.value_after,
        "cost_after": v.cost_after,
        "batch_qty_after": v.batch_qty_after,
    }


def _int(value: Decimal | None, scale: int) -> int | None:
    """A Decimal as the scaled integer stored for it; refuses any digit beyond ``scale``."""
    if value is None:
        return None
    scaled = value.scaleb(scale)
    stored = int(scaled)
    if stored != scaled or not _MIN_BIGINT <= stored <= _MAX_BIGINT:
        raise ValueError(f"{value} does not fit a column of scale {scale}")
    return stored


_MIN_BIGINT, _MAX_BIGINT = -(2**63), 2**63 - 1


def _pg_array(items: Iterable[int | None]) -> str:
    """A PostgreSQL array literal of integers (``{1,NULL,3}``): a 100,000-element array is
    sent as one text value, much cheaper for the driver than adapting each element."""
    return "{" + ",".join("NULL" if i is None else str(i) for i in items) + "}"


def _pg_scaled_array(values: Sequence[Decimal | None], scale: int) -> str:
    """``values`` as a PostgreSQL array literal of the integers stored for them, built by C
    loops: each value is quantized to ``scale`` decimals under a context that traps any
    digit lost, so every element prints with exactly ``scale`` decimals, and dropping the
    points leaves the stored integers (``{2.50,-0.40}`` → ``{250,-040}``)."""
    unit = _UNITS[scale]
    try:
        text = ",".join(map(str, map(_EXACT.quantize, values, repeat(unit))))  # type: ignore[arg-type]
    except TypeError:  # a NULL among them
        text = ",".join("NULL" if v is None else str(_EXACT.quantize(v, unit)) for v in values)
    return "{" + text.replace(".", "") + "}"


#: quantizing under this context raises rather than drop a digit (or exceed a bigint's 19)
_EXACT = Context(prec=19, traps=[Inexact, InvalidOperation])


def _chunks(items: Sequence[Any], size: int = 5000) -> Iterator[Sequence[Any]]:
    """Bounded IN lists (SQLite allows 32,766 parameters per statement)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _stored(row: Any) -> StoredMove:
    return StoredMove(
        row.id,
        StreamKey(row.product_id, row.warehouse_id),
        row.date,
        row.qty,
        ValueBasis(row.basis),
        row.value,
        row.batch_id,
        row.line_id,
        getattr(row, "reverses_move_id", None),
        getattr(row, "takes_back_move_id", None),
    )


def replay_fifo(rows: Iterable[Any], fallback_cost: Decimal) -> FifoState:
    """A FIFO stream's layers rebuilt from its moves (``id, qty, value, takes_back_move_id``
    rows in ledger order): FIFO layers are not kept per move."""
    moves = [
        Move(r.qty, value=r.value, ref=r.id)
        if r.qty > 0
        else Move(r.qty, fallback_cost=fallback_cost, ref=r.id, first=r.takes_back_move_id)
        for r in rows
    ]
    state, _ = replay(ValuationMethod.FIFO, moves)
    assert isinstance(state, FifoState)
    return state
