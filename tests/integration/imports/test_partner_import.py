"""Partners from a file: create / update / unchanged, the partner rules, permissions."""

from __future__ import annotations

from decimal import Decimal

import pytest

from openjxc.adapters.files.tables import read_upload
from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.shared.errors import ValidationError
from openjxc.services.imports import engine
from openjxc.services.imports.ports import ImportStatus
from tests.integration.imports.conftest import csv_bytes

HEADER = ["单位编码", "单位名称", "类型", "联系人", "电话", "账期（天）", "信用额度", "价格等级",
          "税率", "启用"]  # fmt: skip


def _dry(system: System, content: bytes, actor: Actor | None = None):
    return engine.dry_run_import(
        "partners", "c.csv", content, actor or Actor.system(), system.uow(), read_upload
    )


def _confirm(system: System, content: bytes, actor: Actor | None = None):
    result = _dry(system, content, actor)
    assert result.record.id is not None
    return engine.confirm_import(
        result.record.id, actor or Actor.system(), system.uow(), read_upload
    )


def _partners(system: System) -> dict:
    with system.uow() as uow:
        return uow.imports.partners(["C001", "C002", "S001", "X"])


def _codes(result) -> list[str]:
    return [issue.code for issue in result.dry_run.errors]


ROWS = [
    ["C001", "鲜果贸易", "客户", "王五", "13800000000", "30", "50000", "批发价", "", "是"],
    ["S001", "牧场乳业", "supplier", "", "", "", "", "", "3%", ""],
    ["C002", "两用公司", "客户兼供应商", "李四", "", "0", "", "2", "", "否"],
]


def test_partners_are_created_then_updated_then_unchanged(system: System) -> None:
    content = csv_bytes([HEADER, *ROWS])
    done = _confirm(system, content)
    assert done.record.status is ImportStatus.CONFIRMED
    assert done.dry_run.counts["create"] == 3
    stored = _partners(system)
    c001 = stored["C001"]
    assert (c001.name, str(c001.kind), c001.payment_terms_days) == ("鲜果贸易", "customer", 30)
    assert c001.credit_limit == Decimal("50000")
    assert c001.price_level == 2  # 批发价 is level 2 by its name
    assert [(c.name, c.phone) for c in c001.contacts] == [("王五", "13800000000")]
    assert c001.pinyin
    assert stored["S001"].tax_rate == Decimal("0.03")
    assert stored["S001"].contacts == []
    assert stored["C002"].active is False
    assert str(stored["C002"].kind) == "both"

    again = _dry(system, content)
    assert again.dry_run.counts["unchanged"] == 3

    changed = [*ROWS[:2], ["C002", "两用公司", "both", "赵六", "010-1", "15", "", "", "", "是"]]
    result = _confirm(system, csv_bytes([HEADER, *changed]))
    assert result.dry_run.counts["update"] == 1
    changes = result.dry_run.rows[2].changes
    assert changes["contacts"] == ("李四", "赵六 010-1")
    assert changes["payment_terms_days"] == ("0", "15")
    assert changes["price_level"] == ("2", None)
    c002 = _partners(system)["C002"]
    assert [(c.name, c.phone) for c in c002.contacts] == [("赵六", "010-1")]
    assert c002.active is True
    assert c002.price_level is None


@pytest.mark.parametrize(
    ("row", "code", "column"),
    [
        (["C001", "", "客户", "", "", "", "", "", "", ""], "required", "name"),
        (["C001", "A", "伙伴", "", "", "", "", "", "", ""], "invalid_choice", "kind"),
        (["C001", "A", "客户", "", "1380", "", "", "", "", ""], "required", "contact"),
        (["C001", "A", "客户", "", "", "-1", "", "", "", ""], "out_of_range", "payment_terms_days"),
        (["C001", "A", "客户", "", "", "", "-5", "", "", ""], "negative", "credit_limit"),
        (["C001", "A", "客户", "", "", "", "", "11", "", ""], "out_of_range", "price_level"),
        (["C001", "A", "客户", "", "", "", "", "贵宾价", "", ""], "invalid_choice", "price_level"),
        (["C001", "A", "客户", "", "", "", "", "", "150%", ""], "out_of_range", "tax_rate"),
        (["C 1", "A", "客户", "", "", "", "", "", "", ""], "invalid_code", "code"),
    ],
)
def test_each_partner_rule_is_the_services_own(
    system: System, row: list[str], code: str, column: str
) -> None:
    result = _dry(system, csv_bytes([HEADER, row]))
    [issue] = result.dry_run.errors
    assert (issue.code, issue.column) == (code, column)


def test_an_error_in_the_last_row_writes_nothing(system: System) -> None:
    bad = ["X", "", "客户", "", "", "", "", "", "", ""]
    result = _dry(system, csv_bytes([HEADER, *ROWS, bad, ROWS[0]]))
    assert result.dry_run.counts["error"] == 2  # the empty name, and C001 twice
    assert "duplicate_in_file" in _codes(result)
    assert result.record.id is not None
    with pytest.raises(ValidationError) as refused:
        engine.confirm_import(result.record.id, Actor.system(), system.uow(), read_upload)
    assert refused.value.code == "import_has_errors"
    assert _partners(system) == {}


def test_each_row_needs_the_permission_of_its_kind(system: System) -> None:
    buyer = Actor(None, "buyer", frozenset({"partner.read", "supplier.write"}))
    result = _dry(system, csv_bytes([HEADER, *ROWS]), buyer)
    assert [(row.key, row.action.value) for row in result.dry_run.rows] == [
        ("C001", "error"),
        ("S001", "create"),
        ("C002", "error"),
    ]
    assert {i.params["permission"] for i in result.dry_run.errors} == {"customer.write"}
