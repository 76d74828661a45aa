"""The count rule: which moves the books held when a stocktake line was counted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from openjxc.domain.documents.document import DocumentLine
from openjxc.domain.documents.stocktake import (
    CountBasis,
    Moved,
    add_count,
    before_count,
    book_at_count,
    counted_at,
    set_count,
)
from openjxc.domain.shared.errors import ValidationError

DAY = dt.date(2026, 10, 10)
COUNT = dt.datetime(2026, 10, 10, 10, 0, tzinfo=dt.UTC)
EARLIER, LATER = COUNT - dt.timedelta(minutes=5), COUNT + dt.timedelta(minutes=5)


@pytest.mark.parametrize(
    ("move_date", "entered_at", "seen"),
    [
        (DAY, EARLIER, True),  # the same day, entered before the count
        (DAY, COUNT, True),  # entered at the very moment: the count is recorded after it
        (DAY, LATER, False),  # the same day, entered after the count: sold after it
        (DAY - dt.timedelta(days=1), LATER, True),  # an earlier day, entered late
        (DAY + dt.timedelta(days=1), EARLIER, False),  # a later day, entered early
    ],
)
def test_a_move_is_before_the_count_by_date_then_by_entry(
    move_date: dt.date, entered_at: dt.datetime, seen: bool
) -> None:
    assert before_count(move_date, entered_at, DAY, COUNT) is seen


def test_the_issues_case_books_ten_at_the_count_so_nine_counted_is_a_loss_of_one() -> None:
    # on hand now 8: the 10 at the count, less the 2 sold after it
    sale = Moved(DAY, LATER, Decimal(-2))
    book = book_at_count(Decimal(8), [sale], DAY, COUNT)
    assert book == 10
    assert Decimal(9) - book == -1  # the variance; posted after the sale: 10, 8, 7


def test_a_sale_dated_after_the_stocktake_is_after_the_count_even_when_entered_before() -> None:
    sale = Moved(DAY + dt.timedelta(days=1), EARLIER, Decimal(-2))
    assert book_at_count(Decimal(8), [sale], DAY, COUNT) == 10


def test_moves_the_count_saw_do_not_change_its_books() -> None:
    seen = [Moved(DAY, EARLIER, Decimal(-2)), Moved(DAY - dt.timedelta(days=3), LATER, Decimal(5))]
    assert book_at_count(Decimal(8), seen, DAY, COUNT) == 8


def test_a_batch_line_reads_its_batch_and_a_product_line_all_of_the_product() -> None:
    basis = CountBasis(
        on_hand={(1, None): Decimal(12), (1, 7): Decimal(8), (1, 8): Decimal(4)},
        moves={
            (1, 7): [Moved(DAY, LATER, Decimal(-2))],
            (1, 8): [Moved(DAY, LATER, Decimal(-1))],
        },
    )
    assert basis.book(1, 7, True, DAY, COUNT) == 10
    assert basis.book(1, 8, True, DAY, COUNT) == 5
    assert basis.book(1, None, True, DAY, COUNT) == 0  # a batch the books never knew
    assert basis.book(1, None, False, DAY, COUNT) == 15
    assert basis.book(2, None, False, DAY, COUNT) == 0


def _line() -> DocumentLine:
    return DocumentLine(1, 1, "个", Decimal(0), Decimal(1), Decimal(0))


def test_a_count_is_timed_when_entered_a_recount_moves_the_time_and_a_restatement_does_not() -> (
    None
):
    line = _line()
    set_count(line, "个", Decimal(9), Decimal(1), Decimal(9), now=COUNT)
    assert line.counted_at == COUNT
    set_count(line, "个", Decimal(9), Decimal(1), Decimal(9), now=LATER)
    assert line.counted_at == COUNT
    set_count(line, "个", Decimal(7), Decimal(1), Decimal(7), now=LATER)
    assert line.counted_at == LATER
    set_count(line, "个", Decimal(7), Decimal(1), Decimal(7), now=LATER, at=EARLIER)
    assert line.counted_at == EARLIER


def test_a_scan_times_the_line_at_the_last_scan() -> None:
    line = _line()
    add_count(line, "个", Decimal(1), EARLIER)
    add_count(line, "个", Decimal(1), LATER)
    assert (line.counted_qty, line.counted_at) == (2, LATER)


def test_a_typed_count_time_is_read_in_the_servers_zone_and_kept_in_utc() -> None:
    local = dt.datetime(2026, 10, 9, 9, 30)  # noqa: DTZ001 - a wall-clock time, as typed
    assert counted_at("2026-10-09T09:30", LATER) == local.astimezone().astimezone(dt.UTC)
    assert counted_at("2026-10-10T09:30+08:00", LATER) == dt.datetime(
        2026, 10, 10, 1, 30, tzinfo=dt.UTC
    )
    assert counted_at("", LATER) is None
    assert counted_at(None, LATER) is None


@pytest.mark.parametrize(
    ("value", "code"), [("10:30", "invalid_datetime"), (LATER, "counted_in_future")]
)
def test_a_bad_or_future_count_time_is_refused(value: object, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        counted_at(value, COUNT)
    assert (caught.value.code, caught.value.params["field"]) == (code, "counted_at")
