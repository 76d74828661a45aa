"""设置: company profile, numbering, switches and approval rules, through the browser's routes."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.queries import approvals, organisations
from tests.integration.web.conftest import Browser, texts

pytestmark = pytest.mark.usefixtures("shop")


def _head_office(system: System) -> organisations.OrganisationRow:
    with system.read_sessions() as session:
        return organisations.get_organisation(session, Actor.system(), "HQ")


def test_the_company_profile_edits_the_head_office(browser: Browser, system: System) -> None:
    page = browser.get("/settings/company")
    assert page.status_code == 200
    assert 'value="总部"' in page.text
    saved = browser.post(
        "/settings/company",
        {"name": "某某商贸有限公司", "address": "上海市浦东新区 1 号", "phone": "021-12345678"},
    )
    assert saved.status_code == 200
    assert "某某商贸有限公司" in saved.text
    office = _head_office(system)
    assert (office.name, office.phone) == ("某某商贸有限公司", "021-12345678")


def test_an_empty_company_name_is_refused_on_its_field_and_nothing_changes(
    browser: Browser, system: System
) -> None:
    refused = browser.post("/settings/company", {"name": "", "address": "x", "phone": ""})
    assert refused.status_code == 422
    assert 'data-field="name"' in refused.text
    assert _head_office(system).address == ""


def test_numbering_lists_each_prefix_with_an_example(browser: Browser) -> None:
    page = browser.get("/settings/numbering")
    assert page.status_code == 200
    table = texts(page.text, "numbering-table")
    assert "CGDD" in page.text
    assert "XSCK" in page.text
    assert "PDD" in page.text
    assert table  # the header row renders in the user's language
    assert "{category}{seq:04d}" in page.text


def test_prefixes_are_changed_on_their_rows_and_a_bad_one_saves_nothing(
    browser: Browser,
) -> None:
    page = browser.get("/settings/numbering").text
    assert 'name="customer_receipt" value="SKD"' in page  # payments are numbered too
    form = dict(re.findall(r'name="([a-z_]+)" value="([A-Z0-9]*)" maxlength', page))
    assert form["other_receipt"] == "QTRK"
    assert len(form) == 17  # 13 stock and trade documents, 2 retail, 2 payments
    assert form["retail_sale"] == "LSD"
    bad = browser.post(
        "/settings/numbering/prefixes", {**form, "other_receipt": "R", "write_off": "1"}
    )
    assert bad.status_code == 422
    row = bad.text.split('data-kind="write_off"')[1].split("</tr>")[0]
    assert "is-invalid" in row
    assert "编号前缀“1”无效" in row
    assert 'name="other_receipt" value="R"' in bad.text  # what was typed stays
    assert 'name="other_receipt" value="QTRK"' in browser.get("/settings/numbering").text
    saved = browser.post("/settings/numbering/prefixes", {**form, "other_receipt": "rk"})
    assert saved.status_code == 200
    assert 'name="other_receipt" value="RK"' in saved.text
    receipt = [("type", "other_receipt"), ("date", "2026-11-20"), ("warehouse", "CW")]
    receipt += [("then", ""), ("line_product", "W1"), ("line_unit", "瓶"), ("line_qty", "1")]
    receipt += [("line_cost", "2"), ("line_batch", ""), ("line_expiry", "")]
    created = browser.post("/documents/new", receipt)
    assert str(created.url).endswith("/documents/RK20261120001")


def test_the_product_code_rule_is_saved_and_a_bad_rule_refused(browser: Browser) -> None:
    saved = browser.post("/settings/numbering/product-code", {"rule": "P{seq:05d}"})
    assert saved.status_code == 200
    assert 'value="P{seq:05d}"' in saved.text
    bad = browser.post("/settings/numbering/product-code", {"rule": "P{nope}"})
    assert bad.status_code == 422
    assert 'data-field="rule"' in bad.text
    assert 'value="P{seq:05d}"' in browser.get("/settings/numbering").text


def _switches(browser: Browser) -> tuple[bool, bool, str]:
    """What the switches page shows now: 含税价 ticked, last price ticked, the tolerance."""
    page = browser.get("/settings/switches").text

    def ticked(name: str) -> bool:
        return re.search(rf'<input[^>]*name="{name}"[^>]*\bchecked\b', page) is not None

    tolerance = re.search(r'name="over_receipt_tolerance" type="text" value="([^"]*)"', page)
    assert tolerance, "no tolerance field on the page"
    return ticked("prices_include_tax"), ticked("use_last_price"), tolerance.group(1)


def _negative_stock(browser: Browser) -> dict[str, str]:
    """Each warehouse's 负库存 badge on the switches page (允许 / 不允许)."""
    page = browser.get("/settings/switches").text
    rows = re.findall(r'<tr data-warehouse="([^"]+)">\s*<td>.*?</td>\s*<td>(.*?)</td>', page, re.S)
    return {code: re.sub(r"<[^>]+>", "", cell).strip() for code, cell in rows}


def test_the_switches_are_saved(browser: Browser) -> None:
    page = browser.get("/settings/switches")
    assert page.status_code == 200
    assert "超收容差" in page.text
    assert "各仓库负库存" in page.text
    assert _switches(browser) == (False, True, "0")  # the defaults
    saved = browser.post(
        "/settings/switches", {"prices_include_tax": "on", "over_receipt_tolerance": "0.05"}
    )
    assert saved.status_code == 200
    assert _switches(browser) == (True, False, "0.05")


@pytest.mark.parametrize("value", ["1.5", "-0.1", "abc"])
def test_a_tolerance_out_of_range_is_refused_clearly_and_nothing_changes(
    browser: Browser, value: str
) -> None:
    refused = browser.post(
        "/settings/switches",
        {"prices_include_tax": "on", "use_last_price": "on", "over_receipt_tolerance": value},
    )
    assert refused.status_code == 422
    assert 'data-field="over_receipt_tolerance"' in refused.text
    assert f'value="{value}"' in refused.text  # what was typed stays to be corrected
    assert _switches(browser) == (False, True, "0")  # the defaults, unchanged


def test_negative_stock_is_switched_per_warehouse(browser: Browser) -> None:
    assert _negative_stock(browser) == {"CW": "不允许", "SW": "不允许"}
    browser.post("/settings/switches/warehouses/SW", {"allow_negative_stock": "on"})
    assert _negative_stock(browser) == {"CW": "不允许", "SW": "允许"}
    browser.post("/settings/switches/warehouses/SW", {})
    assert _negative_stock(browser) == {"CW": "不允许", "SW": "不允许"}
    assert browser.post("/settings/switches/warehouses/NOPE", {}).status_code == 404


def test_switches_are_for_administrators_only(
    new_browser: object, make_user: object, browser: Browser
) -> None:
    make_user("keeper", "warehouse")  # type: ignore[operator]
    keeper = new_browser()  # type: ignore[operator]
    keeper.login("keeper")
    assert keeper.get("/settings/switches").status_code == 403
    assert "/settings/switches" not in keeper.get("/").text


def _rules(system: System) -> list:  # type: ignore[type-arg]
    with system.read_sessions() as session:
        return approvals.rules(session)


def test_an_approval_rule_is_added_with_ordered_steps_and_removed(
    browser: Browser, system: System
) -> None:
    saved = browser.post(
        "/settings/approval-rules",
        [
            ("document_type", "purchase_order"),
            ("min_amount", "10000"),
            ("step_role", "store_manager"),
            ("step_user", ""),
            ("step_role", ""),
            ("step_user", "1"),
        ],
    )
    assert saved.status_code == 200, saved.text
    (rule,) = _rules(system)
    assert (rule.document_type, rule.min_amount) == ("purchase_order", Decimal("10000"))
    assert [(s.role, s.user_id) for s in rule.steps] == [("store_manager", None), (None, 1)]
    row = re.search(r'data-rule="\d+">(.*?)</tr>', saved.text, re.S)
    assert row
    assert "10,000.00" in row.group(1)
    assert "admin" in row.group(1)
    assert "采购订单" in row.group(1)
    assert "店长" in row.group(1)
    assert '<option value="purchase_order" >采购订单</option>' in saved.text
    removed = browser.post(f"/settings/approval-rules/{rule.id}/delete", {})
    assert removed.status_code == 200
    assert _rules(system) == []


@pytest.mark.parametrize(
    "form",
    [
        [("document_type", "purchase_order"), ("min_amount", "")],  # no step
        [("document_type", "transfer"), ("min_amount", "5"), ("step_role", "admin")],
        [
            ("document_type", "purchase_order"),
            ("condition", "credit_override"),
            ("step_role", "admin"),
        ],
        [("document_type", "write_off"), ("step_role", "sales"), ("step_user", "")],
        [("document_type", "sales_order"), ("step_role", "admin"), ("step_user", "1")],
        [("document_type", "sales_order"), ("step_role", ""), ("step_user", "x")],
        [("document_type", "sales_order"), ("min_amount", "abc"), ("step_role", "admin")],
    ],
)
def test_a_bad_approval_rule_is_refused_and_nothing_is_saved(
    browser: Browser, system: System, form: list[tuple[str, str]]
) -> None:
    refused = browser.post("/settings/approval-rules", form)
    assert refused.status_code == 422
    assert 'id="form-error"' in refused.text
    assert _rules(system) == []


def test_removing_an_unknown_rule_is_not_found(browser: Browser) -> None:
    assert browser.post("/settings/approval-rules/999/delete", {}).status_code == 404


def test_an_approval_rule_is_edited_on_the_screen_and_a_bad_edit_saves_nothing(
    browser: Browser, system: System
) -> None:
    browser.post(
        "/settings/approval-rules",
        [("document_type", "sales_order"), ("step_role", "admin"), ("step_user", "")],
    )
    (rule,) = _rules(system)
    page = browser.get(f"/settings/approval-rules?edit={rule.id}").text
    assert f'action="/settings/approval-rules/{rule.id}"' in page
    assert 'id="save-rule"' in page
    assert '<option value="sales_order" selected>' in page
    bad = browser.post(
        f"/settings/approval-rules/{rule.id}",
        [
            ("document_type", "sales_order"),
            ("condition", "credit_override"),
            ("step_role", "sales"),
        ],
    )
    assert bad.status_code == 422
    assert 'id="form-error"' in bad.text
    assert f'action="/settings/approval-rules/{rule.id}"' in bad.text  # still editing it
    assert _rules(system) == [rule]
    saved = browser.post(
        f"/settings/approval-rules/{rule.id}",
        [
            ("document_type", "sales_order"),
            ("condition", "credit_override"),
            ("step_role", "store_manager"),
            ("step_user", ""),
            ("step_role", "admin"),
            ("step_user", ""),
        ],
    )
    assert saved.status_code == 200, saved.text
    (edited,) = _rules(system)
    assert (edited.id, edited.condition) == (rule.id, "credit_override")
    assert [s.role for s in edited.steps] == ["store_manager", "admin"]
    row = re.search(r'data-rule="\d+">(.*?)</tr>', saved.text, re.S)
    assert row
    assert "超出信用额度的销售订单" in row.group(1)
    assert browser.get("/settings/approval-rules?edit=999").status_code == 404
