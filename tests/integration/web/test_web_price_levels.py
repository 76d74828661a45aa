"""Price levels have names (零售价, 批发价, 会员价 …): edited in 设置, shown where a level is."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.queries.partners import price_level_names
from openjxc.services import partners
from tests.integration.web.conftest import Browser

pytestmark = pytest.mark.usefixtures("shop")


def _names(system: System) -> dict[int, str]:
    with system.read_sessions() as session:
        return price_level_names(session)


def _form(**names: str) -> dict[str, str]:
    """Every level's input as the settings screen posts it, ``level_<n>`` overriding."""
    form = {f"price_level_names.{n - 1}": "" for n in range(1, 11)}
    form.update({f"price_level_names.{int(k[6:]) - 1}": v for k, v in names.items()})
    return form


def test_the_levels_are_named_by_default_and_renamed_in_the_settings(
    browser: Browser, system: System
) -> None:
    page = browser.get("/settings/switches")
    for name in ("零售价", "批发价", "会员价"):
        assert f'value="{name}"' in page.text
    saved = browser.post(
        "/settings/price-levels", _form(level_1="门店零售价", level_2="批发价", level_3="会员价")
    )
    assert saved.status_code == 200
    assert 'value="门店零售价"' in saved.text
    assert _names(system)[1] == "门店零售价"
    assert _names(system)[4] == "VIP价"  # an empty name keeps (restores) the default


def test_two_levels_of_one_name_are_refused_on_the_field_and_nothing_changes(
    browser: Browser, system: System
) -> None:
    refused = browser.post("/settings/price-levels", _form(level_1="批发价", level_2="批发价"))
    assert refused.status_code == 422
    assert "已存在" in refused.text
    assert 'data-field="price_level_names.1"' in refused.text
    assert _names(system)[1] == "零售价"


def test_a_name_too_long_is_refused_in_chinese(browser: Browser, system: System) -> None:
    refused = browser.post("/settings/price-levels", _form(level_3="会" * 21))
    assert refused.status_code == 422
    assert "过长" in refused.text
    assert _names(system)[3] == "会员价"


def test_only_administrators_rename_the_levels(
    new_browser: Callable[[], Browser], make_user: Callable[..., None], system: System
) -> None:
    make_user("keeper", "warehouse")
    keeper = new_browser()
    keeper.login("keeper")
    assert keeper.post("/settings/price-levels", _form(level_1="X")).status_code == 403
    assert _names(system)[1] == "零售价"


def test_the_partner_form_list_and_product_prices_show_the_level_by_name(
    browser: Browser, system: System
) -> None:
    data = partners.PartnerData("C01", "单位C01", "customer", price_level=2)
    partners.create_partner(data, Actor.system(), system.uow())
    browser.post("/settings/price-levels", _form(level_2="二批价"))
    form = browser.get("/partners/C01").text
    assert '<option value="2" selected>2 二批价</option>' in form.replace(
        ' selected="selected"', " selected"
    )
    listed = browser.get("/partners").text
    assert "二批价" in listed
    saved = browser.post("/products/W1/prices/level/2", {"price": "3.5"})
    assert "等级 2 二批价 的价格已保存" in saved.text
    prices = browser.get("/products/W1/prices").text
    row = prices[prices.index('data-level="2"') :]
    assert "2 二批价" in row[: row.index("</tr>")]
