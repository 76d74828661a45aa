"""The stock ledger on SQL: locked streams, append-only moves, balance caches."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, bindparam, delete, func, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from openjxc.adapters.db.tables import catalog, inventory
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
from openjxc.domain.shared.numbers import ZERO
from openjxc.services.inventory.ledger import NewMove, Position, StoredMove, Stream, StreamKey

m = inventory.stock_move
b = inventory.stock_balance


def _before_or_at(position: Position) -> Any:
    day, move_id = position
    return or_(m.c.date < day, and_(m.c.date == day, m.c.id <= move_id))


def _after(position: Position) -> Any:
    day, move_id = position
    return or_(m.c.date > day, and_(m.c.date == day, m.c.id > move_id))


def _stream(key: StreamKey) -> Any:
    return and_(m.c.product_id == key.product_id, m.c.warehouse_id == key.warehouse_id)


class SqlLedger:
    def __init__(self, session: Session):
        self.session = session
        self.postgres = session.get_bind().dialect.name == "postgresql"

    # --- locking -------------------------------------------------------------------------

    def lock(self, keys: Sequence[StreamKey]) -> dict[StreamKey, Stream]:
        """Create missing balance rows, then lock them in the given (sorted) order."""
        if not keys:
            return {}
        dialect_insert = pg_insert if self.postgres else sqlite_insert
        self.session.execute(
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
                    for k in keys
                ]
            )
            .on_conflict_do_nothing()
        )
        condition = or_(
            *(
                and_(b.c.product_id == k.product_id, b.c.warehouse_id == k.warehouse_id)
                for k in keys
            )
        )
        query = (
            select(
                b,
                catalog.product.c.valuation_method,
                catalog.product.c.purchase_price,
                catalog.warehouse.c.allow_negative_stock,
            )
            .join(catalog.product, catalog.product.c.id == b.c.product_id)
            .join(catalog.warehouse, catalog.warehouse.c.id == b.c.warehouse_id)
            .where(condition)
            .order_by(b.c.product_id, b.c.warehouse_id)
        )
        if self.postgres:
            query = query.with_for_update(of=b)
        streams: dict[StreamKey, Stream] = {}
        for row in self.session.execute(query).mappings():
            key = StreamKey(row["product_id"], row["warehouse_id"])
            method = ValuationMethod(row["valuation_method"])
            streams[key] = Stream(
                key=key,
                method=method,
                allow_negative=row["allow_negative_stock"],
                state=self._current_state(key, method, row),
                batch_qty=self._batch_qty_now(key),
                last_position=(row["last_move_date"], row["last_move_id"])
                if row["last_move_id"]
                else None,
                fallback_cost=row["purchase_price"] or ZERO,
            )
        return streams

    def _current_state(self, key: StreamKey, method: ValuationMethod, row: Any) -> ValuationState:
        if method is ValuationMethod.MOVING_AVERAGE:
            return MovingAverageState(row["on_hand"], row["value"], row["last_unit_cost"])
        f = inventory.fifo_layer
        layers = self.session.execute(
            select(f.c.qty, f.c.unit_cost, f.c.value, f.c.move_id)
            .where(f.c.product_id == key.product_id, f.c.warehouse_id == key.warehouse_id)
            .order_by(f.c.position)
        ).all()
        return FifoState(
            tuple(Layer(r.qty, r.unit_cost, r.value, r.move_id) for r in layers),
            row["last_unit_cost"],
        )

    def _batch_qty_now(self, key: StreamKey) -> dict[int, Decimal]:
        bb = inventory.batch_balance
        rows = self.session.execute(
            select(bb.c.batch_id, bb.c.on_hand).where(
                bb.c.product_id == key.product_id, bb.c.warehouse_id == key.warehouse_id
            )
        )
        return {r.batch_id: r.on_hand for r in rows}

    # --- reading the stream ----------------------------------------------------------------

    def moves_after(self, key: StreamKey, position: Position) -> list[StoredMove]:
        rows = self.session.execute(
            select(m.c.id, m.c.date, m.c.qty, m.c.basis, m.c.value, m.c.batch_id, m.c.line_id)
            .where(_stream(key), _after(position))
            .order_by(m.c.date, m.c.id)
        )
        return [
            StoredMove(
                r.id, key, r.date, r.qty, ValueBasis(r.basis), r.value, r.batch_id, r.line_id
            )
            for r in rows
        ]

    def state_before(
        self, stream: Stream, position: Position
    ) -> tuple[ValuationState, dict[int, Decimal]]:
        """State after every move at or before ``position``."""
        key = stream.key
        if stream.method is ValuationMethod.FIFO:
            # FIFO layers are not kept per move: rebuild them from the start of the stream
            rows = self.session.execute(
                select(m.c.id, m.c.qty, m.c.value)
                .where(_stream(key), _before_or_at(position))
                .order_by(m.c.date, m.c.id)
            )
            moves = [
                Move(r.qty, value=r.value, ref=r.id)
                if r.qty > 0
                else Move(r.qty, fallback_cost=stream.fallback_cost, ref=r.id)
                for r in rows
            ]
            state, _ = replay(ValuationMethod.FIFO, moves)
        else:
            row = self.session.execute(
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
        batches = self.session.execute(
            select(ranked.c.batch_id, ranked.c.batch_qty_after).where(ranked.c.rank == 1)
        )
        return state, {r.batch_id: r.batch_qty_after for r in batches}

    def paired_move(self, move: StoredMove) -> StoredMove | None:
        row = self.session.execute(
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
            ).where(m.c.pair_move_id == move.id)
        ).first()
        return _stored(row) if row else None

    def moves_of_document(self, document_id: int) -> list[StoredMove]:
        rows = self.session.execute(
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
            self.session.scalars(select(m.c.line_id).where(m.c.line_id.in_(line_ids)).distinct())
        )

    def reversed_ids(self, move_ids: Sequence[int]) -> set[int]:
        rows = self.session.execute(
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
                    "pair_move_id": ids[new.pair_tag] if new.pair_tag is not None else None,
                    "basis": new.basis,
                    "created_at": now,
                    **_valuation(valued),
                }
                for new, valued in batch
            ]
            result = self.session.execute(
                insert(m).returning(m.c.id, sort_by_parameter_order=True), rows
            )
            for (new, _), move_id in zip(batch, result.scalars(), strict=True):
                ids[new.tag] = move_id
        self._record_layers([v for _, v in moves], ids)
        return ids

    def revalue(self, moves: Sequence[ValuedMove], ids: dict[object, int]) -> None:
        if not moves:
            return
        self.session.execute(
            update(m)
            .where(m.c.id == bindparam("move_id"))
            .values(
                value=bindparam("v_value"),
                adjustment=bindparam("v_adjustment"),
                unit_cost=bindparam("v_unit_cost"),
                qty_after=bindparam("v_qty_after"),
                value_after=bindparam("v_value_after"),
                cost_after=bindparam("v_cost_after"),
                batch_qty_after=bindparam("v_batch_qty_after"),
            ),
            [{"move_id": v.key, **{f"v_{k}": x for k, x in _valuation(v).items()}} for v in moves],
            execution_options={"synchronize_session": False},
        )
        layered = [v for v in moves if v.layers]
        if layered:
            self.session.execute(
                delete(inventory.stock_move_layer).where(
                    inventory.stock_move_layer.c.move_id.in_([v.key for v in layered])
                )
            )
            self._record_layers(layered, ids)

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
            self.session.execute(insert(inventory.stock_move_layer), rows)

    def save(
        self,
        stream: Stream,
        state: ValuationState,
        batch_qty: dict[int, Decimal],
        last: Position,
        ids: dict[object, int],
    ) -> None:
        key = stream.key
        self.session.execute(
            update(b)
            .where(b.c.product_id == key.product_id, b.c.warehouse_id == key.warehouse_id)
            .values(
                on_hand=state.qty,
                value=state.value,
                last_unit_cost=state.last_unit_cost,
                last_move_date=last[0],
                last_move_id=last[1],
            )
        )
        self._save_batches(key, batch_qty, stream.batch_qty)
        if isinstance(state, FifoState):
            f = inventory.fifo_layer
            self.session.execute(
                delete(f).where(
                    f.c.product_id == key.product_id, f.c.warehouse_id == key.warehouse_id
                )
            )
            if state.layers:
                self.session.execute(
                    insert(f),
                    [
                        {
                            "product_id": key.product_id,
                            "warehouse_id": key.warehouse_id,
                            "position": i,
                            "move_id": ids.get(layer.ref, layer.ref)
                            if layer.ref is not None
                            else None,
                            "qty": layer.qty,
                            "unit_cost": layer.unit_cost,
                            "value": layer.value,
                        }
                        for i, layer in enumerate(state.layers)
                    ],
                )

    def _save_batches(
        self, key: StreamKey, now: dict[int, Decimal], before: dict[int, Decimal]
    ) -> None:
        bb = inventory.batch_balance
        for batch_id, qty in now.items():
            if batch_id not in before:
                self.session.execute(
                    insert(bb).values(
                        batch_id=batch_id,
                        warehouse_id=key.warehouse_id,
                        product_id=key.product_id,
                        on_hand=qty,
                    )
                )
            elif before[batch_id] != qty:
                self.session.execute(
                    update(bb)
                    .where(bb.c.batch_id == batch_id, bb.c.warehouse_id == key.warehouse_id)
                    .values(on_hand=qty)
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


def _stored(row: Any) -> StoredMove:
    reverses = getattr(row, "reverses_move_id", None) is not None
    return StoredMove(
        row.id,
        StreamKey(row.product_id, row.warehouse_id),
        row.date,
        row.qty,
        ValueBasis(row.basis),
        row.value,
        row.batch_id,
        row.line_id,
        reverses,
    )
