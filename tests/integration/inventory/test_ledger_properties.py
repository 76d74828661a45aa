"""Random interleavings of postings, backdated postings, transfers and 反审核 keep the books.

After every step, `doctor` must find nothing: balances equal their moves, running balances
add up, FIFO layers hold the stock, no forbidden negative stock at any point, documents and
moves agree, and every move's stored valuation is the one its stream's facts give when
re-derived by the reference replay (so a rounding slip in posting's fast moving-average loop
fails here, not only in the unit-level differential test). Each example works on fresh
products, so examples do not see each other; each starts with stock at an uneven cost, so
that most issues take a share of a value that does not divide evenly.
"""

from __future__ import annotations

import itertools
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.shared.errors import ValidationError
from openjxc.services import products
from openjxc.services.inventory import approval, documents
from openjxc.services.inventory.documents import DocumentInput, LineInput
from tests.integration.inventory.conftest import doctor

_counter = itertools.count()

day = st.integers(min_value=1, max_value=28).map(lambda d: date(2026, 10, d))
qty = st.integers(min_value=1, max_value=20)
cost = st.decimals(min_value="0.0001", max_value="99.9999", places=4)
step = st.one_of(
    st.tuples(st.just("receive"), day, qty, cost),
    st.tuples(st.just("issue"), day, qty),
    st.tuples(st.just("transfer"), day, qty),
    st.tuples(st.just("unapprove"), st.integers(min_value=0, max_value=20)),
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    method=st.sampled_from(["moving_average", "fifo"]),
    opening=st.tuples(st.just("receive"), st.just(date(2026, 10, 1)), qty, cost),
    steps=st.lists(step, min_size=1, max_size=10),
)
def test_any_sequence_of_postings_keeps_the_books_reconciled(
    world: System, method: str, opening: tuple, steps: list[tuple]
) -> None:  # type: ignore[type-arg]
    admin = Actor.system()
    code = f"H{next(_counter):05d}"
    products.create_product(
        products.ProductData(code, code, "个", valuation_method=method, purchase_price="1"),
        admin,
        world.uow(),
    )
    posted: list[str] = []
    for action, *args in [opening, *steps]:
        try:
            if action == "unapprove":
                if posted:
                    number = posted[args[0] % len(posted)]
                    approval.unapprove_document(number, admin, world.uow())
                    posted.remove(number)
                continue
            when = args[0]
            if action == "receive":
                line = LineInput(code, str(args[1]), unit_cost=str(args[2]))
                data = DocumentInput("other_receipt", when, "W1", [line])
            elif action == "issue":
                data = DocumentInput("other_issue", when, "W1", [LineInput(code, str(args[1]))])
            else:
                data = DocumentInput(
                    "transfer", when, "W1", [LineInput(code, str(args[1]))], to_warehouse="W2"
                )
            doc = documents.create_document(data, admin, world.uow())
            approval.approve_document(doc.number, admin, world.uow())
            posted.append(doc.number)
        except ValidationError as error:
            if error.code != "insufficient_stock":
                raise
        assert doctor(world) == [], (action, args)
