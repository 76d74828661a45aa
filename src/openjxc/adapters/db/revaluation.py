"""The ledger's valuation re-derived from its facts: what doctor compares and repair writes.

A move's *facts* (quantity, order, basis, batch, the value its document fixed) never change;
its *valuation* (value, adjustment, unit cost, running quantity, value, cost and batch
quantity) is derived from the facts of its stream in ledger order. Here each stream is
replayed from its first move with the domain's reference replay (``rederive_stream``) and
every move whose stored valuation differs from the derived one is returned.

What the replay takes as given is what posting takes as given: a ``given`` move's stored
value (receipts at cost, returns and reversals at the cost they name), a ``pair`` move's
value from the move it is paired with (a transfer's issuing leg, as stored: the paired
stream is checked on its own; its share by quantity when a short receipt split the leg,
``domain.inventory.shares``), and, for a stream's first move valued at cost, the cost
posting found outside the ledger (the product's purchase price at that time, read back
from the move, since the price may have changed since).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from decimal import Decimal
from itertools import groupby
from typing import Any, NamedTuple

from sqlalchemy import BigInteger, func, select, type_coerce
from sqlalchemy.orm import Session, aliased

from openjxc.adapters.db.tables import catalog, inventory
from openjxc.domain.inventory.shares import pair_share
from openjxc.domain.inventory.stream import StreamMove, ValueBasis, ValuedMove, rederive_stream
from openjxc.domain.inventory.valuation import new_state
from openjxc.domain.shared.numbers import MONEY_SCALE, PRICE_SCALE, QTY_SCALE, ZERO
from openjxc.services.inventory.ledger import StreamKey

m = inventory.stock_move
pm = aliased(m, name="paired")
#: how much of its paired move's quantity the moves paired with it before a move took: a
#: two-step transfer received short splits the leg into transit in shares (domain.shares)
_magnitude = func.abs(type_coerce(m.c.qty, BigInteger))
_shares = (
    select(
        m.c.id,
        (
            func.sum(_magnitude).over(partition_by=m.c.pair_move_id, order_by=m.c.id) - _magnitude
        ).label("before"),
    )
    .where(m.c.pair_move_id.is_not(None))
    .subquery("shares")
)

#: the valuation columns, in ``ValuedMove`` field order, with their scale
VALUATION = (
    ("value", MONEY_SCALE),
    ("adjustment", MONEY_SCALE),
    ("unit_cost", PRICE_SCALE),
    ("qty_after", QTY_SCALE),
    ("value_after", MONEY_SCALE),
    ("cost_after", PRICE_SCALE),
    ("batch_qty_after", QTY_SCALE),
)
CHUNK = 5000  # rows fetched at a time: the ledger is read once, stream after stream


class Difference(NamedTuple):
    """A move whose stored valuation is not the one its stream's facts give."""

    move_id: int
    key: StreamKey
    stored: tuple[Decimal | None, ...]  # in ``VALUATION`` order
    derived: ValuedMove

    def columns(self) -> list[tuple[str, Decimal | None, Decimal | None]]:
        """(column, stored, derived) of each valuation column that differs."""
        return [
            (name, stored, getattr(self.derived, name))
            for (name, _), stored in zip(VALUATION, self.stored, strict=True)
            if stored != getattr(self.derived, name)
        ]


def _raw(column: Any) -> Any:
    """A scaled column as the integer stored (scaled here: no Decimal per value in SQL)."""
    return type_coerce(column, BigInteger)


def _scaled(stored: int | None, scale: int) -> Decimal | None:
    return None if stored is None else Decimal(stored).scaleb(-scale)


def differences(
    session: Session, keys: Collection[StreamKey] | None = None
) -> Iterator[tuple[StreamKey, list[Difference]]]:
    """Each stream (of ``keys``, or every stream) with the moves whose valuation differs.

    The ledger is read once in stream order, a chunk of rows at a time, so memory holds one
    stream at a time whatever the length of the ledger.
    """
    products = {
        r.id: (r.valuation_method, r.purchase_price or ZERO)
        for r in session.execute(
            select(
                catalog.product.c.id,
                catalog.product.c.valuation_method,
                catalog.product.c.purchase_price,
            )
        )
    }
    query = (
        select(
            m.c.id,
            m.c.product_id,
            m.c.warehouse_id,
            _raw(m.c.qty),
            m.c.basis,
            _raw(m.c.value),
            m.c.batch_id,
            m.c.takes_back_move_id,
            _raw(pm.c.value),
            *(_raw(m.c[name]) for name, _ in VALUATION[1:]),
            _raw(pm.c.qty),
            _shares.c.before,
        )
        .outerjoin(pm, pm.c.id == m.c.pair_move_id)
        .outerjoin(_shares, _shares.c.id == m.c.id)
        .order_by(m.c.product_id, m.c.warehouse_id, m.c.date, m.c.id)
        .execution_options(yield_per=CHUNK)
    )
    if keys is not None:
        if not keys:
            return
        products_of = sorted({k.product_id for k in keys})
        query = query.where(m.c.product_id.in_(products_of))
    wanted = None if keys is None else set(keys)
    rows = session.execute(query)
    for (product_id, warehouse_id), stream in groupby(rows, key=lambda r: (r[1], r[2])):
        key = StreamKey(product_id, warehouse_id)
        if wanted is not None and key not in wanted:
            continue
        method, purchase_price = products[product_id]
        found = _stream_differences(key, method, purchase_price, list(stream))
        if found:
            yield key, found


def _stream_differences(
    key: StreamKey, method: str, purchase_price: Decimal, rows: Sequence[Any]
) -> list[Difference]:
    moves = [_fact(row, purchase_price, first=i == 0) for i, row in enumerate(rows)]
    result = rederive_stream(new_state(method), {}, moves)
    found = []
    for row, derived in zip(rows, result.moves, strict=True):
        raw = (row[5], *row[9:15])  # value, then adjustment … batch_qty_after
        stored = tuple(_scaled(r, scale) for r, (_, scale) in zip(raw, VALUATION, strict=True))
        if stored != derived[1:8]:  # value … batch_qty_after, as ``VALUATION``
            found.append(Difference(row[0], key, stored, derived))
    return found


def _fact(row: Any, purchase_price: Decimal, first: bool) -> StreamMove:
    """What posting took as given for one stored move (see the module's docstring)."""
    move_id, _, _, qty, basis, value, batch_id, takes_back, paired_value = row[:9]
    change = Decimal(qty).scaleb(-QTY_SCALE)
    kind = ValueBasis(basis)
    given = Decimal(value).scaleb(-MONEY_SCALE)
    if kind is ValueBasis.PAIR and paired_value is not None:
        paired_qty, before = row[15], row[16] or 0
        given = pair_share(
            Decimal(paired_value).scaleb(-MONEY_SCALE),
            Decimal(paired_qty).scaleb(-QTY_SCALE),
            Decimal(before).scaleb(-QTY_SCALE),
            change,
        )
    fallback = purchase_price
    if first and kind is ValueBasis.COST and change > ZERO:
        kind = ValueBasis.GIVEN  # a gain before any cost was known: valued at the price then
    elif first and change < ZERO and row[13] is not None:
        fallback = Decimal(row[13]).scaleb(-PRICE_SCALE)  # cost_after: the price then
    return StreamMove(move_id, change, kind, given, batch_id, fallback, takes_back)
