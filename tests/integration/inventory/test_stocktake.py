"""Stocktake (盘点): snapshot, counting while the shop is open, variance, approval, 反审核."""

from __future__ import annotations

from decimal import Decimal

import pytest

from openjxc.adapters.files.tables import read_table
from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.catalog.units import UnitSpec
from openjxc.domain.shared.errors import ValidationError
from openjxc.queries.stocktakes import get_stocktake
from openjxc.services import products
from openjxc.services.inventory import approval
from openjxc.services.inventory.stocktake import create_stocktake
from openjxc.services.inventory.stocktake_counts import (
    CountInput,
    import_counts,
    record_counts,
    scan_barcode,
)
from tests.integration.inventory.conftest import DAY, Post, balance, doctor


def _stocktake(world: System, admin: Actor, **options: object) -> str:
    return create_stocktake("W1", admin, world.uow(), date=DAY, **options).number  # type: ignore[arg-type]


def _report(world: System, admin: Actor, number: str) -> dict:  # type: ignore[type-arg]
    with world.read_sessions() as session:
        return get_stocktake(session, admin, number)


def test_a_sale_during_the_count_is_not_a_loss_only_the_missing_unit_is(
    world: System, admin: Actor, post: Post
) -> None:
    post("other_receipt", ("MA", "10", "2.50"))
    number = _stocktake(world, admin)
    post("other_issue", ("MA", "2"), reason="sample")  # sold while counting
    record_counts(number, [CountInput("MA", "7", reason="theft")], admin, world.uow())
    line = _report(world, admin, number)["lines"][0]
    assert (line["book_qty"], line["expected_qty"], line["variance_qty"]) == (10, 8, -1)
    assert line["variance_value"] == Decimal("-2.50")
    assert line["reason"] == "theft"
    approval.approve_document(number, admin, world.uow())
    assert balance(world, "MA") == (Decimal(7), Decimal("17.50"))
    report = _report(world, admin, number)
    assert report["totals"]["loss_qty"] == 1
    assert report["totals"]["loss_value"] == Decimal("2.50")
    assert doctor(world) == []


def test_a_gain_comes_in_at_the_current_cost(world: System, admin: Actor, post: Post) -> None:
    post("other_receipt", ("MA", "10", "3"))
    number = _stocktake(world, admin)
    record_counts(number, [CountInput("MA", "12")], admin, world.uow())
    approval.approve_document(number, admin, world.uow())
    assert balance(world, "MA") == (Decimal(12), Decimal("36.00"))
    assert doctor(world) == []


def test_a_product_without_stock_may_be_counted_and_gains_at_its_purchase_price(
    world: System, admin: Actor, post: Post
) -> None:
    number = _stocktake(world, admin)
    record_counts(number, [CountInput("FIFO", "5")], admin, world.uow())
    approval.approve_document(number, admin, world.uow())
    assert balance(world, "FIFO") == (Decimal(5), Decimal("10.00"))
    assert doctor(world) == []


def test_lines_without_variance_post_nothing(world: System, admin: Actor, post: Post) -> None:
    post("other_receipt", ("MA", "10", "3"), ("KG", "4", "1"))
    number = _stocktake(world, admin)
    record_counts(number, [CountInput("MA", "10"), CountInput("KG", "3")], admin, world.uow())
    approval.approve_document(number, admin, world.uow())
    assert balance(world, "MA") == (Decimal(10), Decimal("30.00"))
    assert balance(world, "KG") == (Decimal(3), Decimal("3.00"))
    assert doctor(world) == []


def test_counts_in_another_unit_are_converted_to_base_units(
    world: System, admin: Actor, post: Post
) -> None:
    post("other_receipt", ("MA", "48", "1"))
    number = _stocktake(world, admin)
    record_counts(number, [CountInput("MA", "1.5", unit="箱")], admin, world.uow())
    assert _report(world, admin, number)["lines"][0]["variance_qty"] == -12


def test_scanning_twice_adds_in_the_barcodes_unit(world: System, admin: Actor, post: Post) -> None:
    products.create_product(
        products.ProductData(
            "SCAN",
            "扫码商品",
            "个",
            units=(UnitSpec("箱", "24", barcode="6900000000024"),),
            barcodes=("6900000000001",),
        ),
        admin,
        world.uow(),
    )
    post("other_receipt", ("SCAN", "30", "1"))
    number = _stocktake(world, admin)
    scan_barcode(number, "6900000000024", "1", admin, world.uow())
    scan_barcode(number, "6900000000001", "1", admin, world.uow())
    scan_barcode(number, "6900000000001", "2", admin, world.uow())
    assert _report(world, admin, number)["lines"][0]["counted_qty"] == 27


def test_approval_is_refused_while_lines_are_uncounted(
    world: System, admin: Actor, post: Post
) -> None:
    post("other_receipt", ("MA", "10", "3"), ("KG", "4", "1"))
    number = _stocktake(world, admin)
    record_counts(number, [CountInput("MA", "9")], admin, world.uow())
    with pytest.raises(ValidationError) as refused:
        approval.approve_document(number, admin, world.uow())
    assert refused.value.code == "stocktake_not_counted"
    assert balance(world, "MA") == (Decimal(10), Decimal("30.00"))


def test_unapproving_a_stocktake_reverses_its_gains_and_losses(
    world: System, admin: Actor, post: Post
) -> None:
    post("other_receipt", ("MA", "10", "3"), ("KG", "4", "1"))
    number = _stocktake(world, admin)
    record_counts(number, [CountInput("MA", "12"), CountInput("KG", "1")], admin, world.uow())
    approval.approve_document(number, admin, world.uow())
    assert balance(world, "KG") == (Decimal(1), Decimal("1.00"))
    approval.unapprove_document(number, admin, world.uow())
    assert balance(world, "MA") == (Decimal(10), Decimal("30.00"))
    assert balance(world, "KG") == (Decimal(4), Decimal("4.00"))
    assert doctor(world) == []
    approval.approve_document(number, admin, world.uow())  # and it posts the same again
    assert balance(world, "MA") == (Decimal(12), Decimal("36.00"))
    assert doctor(world) == []


def test_a_category_stocktake_snapshots_only_that_subtree(
    world: System, admin: Actor, post: Post
) -> None:
    from openjxc.services import categories

    categories.create_category(categories.CategoryData("01", "原料"), admin, world.uow())
    categories.create_category(categories.CategoryData("0101", "粉类", "01"), admin, world.uow())
    products.create_product(
        products.ProductData("FLOUR", "高筋粉", "kg", category="0101"), admin, world.uow()
    )
    post("other_receipt", ("MA", "10", "3"), ("FLOUR", "4", "1"))
    number = _stocktake(world, admin, category="01")
    assert [line["product"] for line in _report(world, admin, number)["lines"]] == ["FLOUR"]


def test_a_file_with_a_bad_row_names_it_and_changes_nothing(
    world: System, admin: Actor, post: Post
) -> None:
    post("other_receipt", ("MA", "10", "3"), ("KG", "4", "1"))
    number = _stocktake(world, admin)
    csv = "商品编码,实盘数量,单位\nMA,9,个\nNOPE,1,个\nKG,,kg\n".encode()
    with pytest.raises(ValidationError) as refused:
        import_counts(number, "counts.csv", csv, admin, world.uow(), read_table)
    assert [d["row"] for d in refused.value.details] == [4]  # the file is read before the codes
    csv = b"product,counted_qty,unit\nMA,9,\nNOPE,1,\n"
    with pytest.raises(ValidationError) as refused:
        import_counts(number, "counts.csv", csv, admin, world.uow(), read_table)
    assert [(d["row"], d["code"]) for d in refused.value.details] == [(3, "unknown_reference")]
    assert all(line["counted_qty"] is None for line in _report(world, admin, number)["lines"])


def test_losses_in_kg_and_pieces_are_totalled_per_unit_never_added_together(
    world: System, admin: Actor, post: Post
) -> None:
    post("other_receipt", ("MA", "10", "2"))
    post("other_receipt", ("KG", "10", "3"))
    number = _stocktake(world, admin)
    record_counts(number, [CountInput("MA", "8"), CountInput("KG", "9")], admin, world.uow())
    totals = _report(world, admin, number)["totals"]
    # 1 kg + 2 个 is not "3": each unit keeps its own total, the values add up
    assert (totals["loss_qty"], totals["loss_value"]) == (None, Decimal("7.00"))
    assert totals["loss_by_unit"] == [
        {"unit": "kg", "qty": Decimal(1)},
        {"unit": "个", "qty": Decimal(2)},
    ]
    assert (totals["gain_qty"], totals["gain_by_unit"]) == (None, [])
