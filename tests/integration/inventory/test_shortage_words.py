"""Stock refusals name the line, product, warehouse, date and quantities — never an id."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.shared.errors import ValidationError
from openjxc.entrypoints.messages import describe
from openjxc.services.inventory import approval, reversal
from tests.integration.inventory.conftest import Post

NO_IDS = ("product_id", "warehouse_id", "batch_id", "move_id", "None")


def _refusal(error: pytest.ExceptionInfo[ValidationError]) -> list[dict[str, Any]]:
    assert error.value.code == "insufficient_stock"
    details = describe(error.value, "zh-CN")["details"]
    for detail in details:
        assert not [key for key in detail if key.endswith("_id")], detail
        assert not any(word in detail["message"] for word in NO_IDS), detail["message"]
    return details


def test_a_short_issue_names_its_line_and_warehouse_with_kilograms_to_three_places(
    world: System, post: Post
) -> None:
    post("opening_stock", ("MA", "5", "2"), ("KG", "1.5", "2"))
    with pytest.raises(ValidationError) as error:
        post("other_issue", ("MA", "1"), ("KG", "2.25"), day=date(2026, 10, 12))
    [detail] = _refusal(error)
    assert detail["line_no"] == 2
    assert (detail["product"], detail["product_name"]) == ("KG", "面粉")
    assert (detail["warehouse"], detail["warehouse_name"]) == ("W1", "仓库W1")
    assert (detail["date"], detail["unit"]) == ("2026-10-12", "kg")
    assert (detail["requested"], detail["available"], detail["shortfall"]) == (
        "2.250",
        "1.500",
        "0.750",
    )
    assert detail["message"] == (
        "第 2 行：面粉（KG）在仓库 仓库W1（W1）2026-10-12 库存不足：需要 2.250 kg，可用 1.500 kg"
    )


def test_a_short_issue_of_a_product_sold_by_the_case_says_it_in_cases_too(
    world: System, post: Post
) -> None:
    post("opening_stock", ("MA", "29", "2"))  # 1 箱 = 24 个
    with pytest.raises(ValidationError) as error:
        post("other_issue", ("MA", "48"), day=date(2026, 10, 12))
    [detail] = _refusal(error)
    assert detail["message"].endswith("库存不足：需要 48 个 = 2箱，可用 29 个 = 1箱5个")


def test_a_backdated_issue_names_the_later_issue_it_would_leave_short(
    world: System, post: Post
) -> None:
    post("opening_stock", ("MA", "5", "2"), day=date(2026, 10, 1))
    later = post("other_issue", ("MA", "5"), day=date(2026, 10, 20))
    with pytest.raises(ValidationError) as error:
        post("other_issue", ("MA", "1"), day=date(2026, 10, 5))
    [detail] = _refusal(error)
    assert detail["code"] == "later_move_short"
    assert (detail["line_no"], detail["later_document"], detail["later_line"]) == (1, later, 1)
    assert (detail["date"], detail["requested"], detail["available"]) == ("2026-10-20", "5", "4")
    assert detail["message"] == (
        f"第 1 行：移动平均商品（MA）在仓库 仓库W1（W1）会使 2026-10-20 的 {later} 第 1 行"
        "出库库存不足：需要 5 个，可用 4 个"
    )


def test_unapproving_a_receipt_names_the_later_issue_that_needs_it(
    world: System, post: Post, admin: Actor
) -> None:
    receipt = post("other_receipt", ("KG", "1", "2"), ("MA", "5", "2"), day=date(2026, 10, 1))
    issue = post("other_issue", ("MA", "4"), day=date(2026, 10, 20))
    with pytest.raises(ValidationError) as error:
        approval.unapprove_document(receipt, admin, world.uow())
    [detail] = _refusal(error)
    assert detail["code"] == "later_move_short"
    assert (detail["document"], detail["line_no"]) == (receipt, 2)
    assert (detail["later_document"], detail["date"]) == (issue, "2026-10-20")
    assert (detail["requested"], detail["available"], detail["unit"]) == ("4", "0", "个")


def test_a_red_reversal_short_of_stock_names_the_line(
    world: System, post: Post, admin: Actor
) -> None:
    receipt = post("other_receipt", ("KG", "1", "2"), ("MA", "5", "2"), day=date(2026, 10, 1))
    post("other_issue", ("MA", "3"), day=date(2026, 10, 2))
    with pytest.raises(ValidationError) as error:
        reversal.red_reverse_document(receipt, admin, world.uow(), date(2026, 10, 5))
    [detail] = _refusal(error)
    assert detail["code"] == "short_line"
    assert (detail["line_no"], detail["date"]) == (2, "2026-10-05")
    assert (detail["requested"], detail["available"]) == ("5", "2")
    assert detail["message"].startswith("第 2 行：移动平均商品（MA）在仓库 仓库W1（W1）")
