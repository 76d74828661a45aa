"""Prices as people enter them (issue #17 item 6): the line keeps the price entered and its
basis; the default price is offered and applied on the document's basis; tax rates typed as
13, 13% or 0.13."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.integration.trading.conftest import create, error, ok


def _include_tax(client: TestClient, on: bool = True) -> None:
    ok(
        client.put(
            "/api/v1/trade-settings",
            json={"prices_include_tax": on, "over_receipt_tolerance": "0"},
        )
    )


def test_a_typed_tax_inclusive_price_is_kept_as_typed_next_to_its_net_price(
    trade: TestClient,
) -> None:
    _include_tax(trade)
    order = create(trade, "sales_order", "C1", [{"product": "P1", "qty": "3", "price": "141.59"}])
    line = order["lines"][0]
    assert (line["entered_price"], line["entered_price_tax_included"]) == ("141.59", True)
    assert line["price"] == "125.300885"  # derived, tax-exclusive: 141.59 / 1.13
    # 3 × 141.59 = 424.77 in all, of which 48.87 tax
    assert (line["net_amount"], line["tax"], order["total"]) == ("375.90", "48.87", "424.77")


def test_with_prices_including_tax_the_default_price_is_applied_tax_inclusive(
    trade: TestClient,
) -> None:
    _include_tax(trade)
    ok(trade.patch("/api/v1/products/P1", json={"list_price": "141.59292"}))
    order = create(trade, "sales_order", "C1", [{"product": "P1", "qty": "3"}])
    line = order["lines"][0]
    # offered as 含税单价 141.59292 × 1.13 = 160.0000, and priced as if 160 had been typed
    assert (line["entered_price"], line["entered_price_tax_included"]) == ("160", True)
    typed = create(trade, "sales_order", "C1", [{"product": "P1", "qty": "3", "price": "160"}])
    assert order["total"] == typed["total"] == "480.00"
    assert line["net_amount"] == typed["lines"][0]["net_amount"]


def test_without_tax_included_prices_a_default_price_is_net_and_the_books_are_as_before(
    trade: TestClient,
) -> None:
    order = create(trade, "sales_order", "C1", [{"product": "P1", "qty": "3"}])
    line = order["lines"][0]
    assert (line["entered_price"], line["entered_price_tax_included"]) == ("15", False)
    assert (line["price"], line["net_amount"], line["tax"]) == ("15", "45.00", "5.85")


def test_a_tax_rate_reads_as_13_13_percent_or_0_13(trade: TestClient) -> None:
    lines = [
        {"product": "P1", "qty": "1", "price": "10", "tax_rate": rate}
        for rate in ("13", "13%", "0.13")
    ]
    order = create(trade, "sales_order", "C1", lines)
    assert [ln["tax_rate"] for ln in order["lines"]] == ["0.13", "0.13", "0.13"]
    assert {ln["tax"] for ln in order["lines"]} == {"1.30"}


def test_a_tax_rate_of_100_or_more_or_not_a_number_is_refused(trade: TestClient) -> None:
    for rate, code in (("100", "out_of_range"), ("13%%", "not_a_number")):
        refused = error(
            trade.post(
                "/api/v1/documents",
                json={
                    "type": "sales_order",
                    "date": "2026-10-01",
                    "warehouse": "W1",
                    "partner": "C1",
                    "lines": [{"product": "P1", "qty": "1", "price": "10", "tax_rate": rate}],
                },
            ),
            422,
        )
        assert refused["details"][0]["code"] == code, refused


def test_a_list_price_typed_tax_inclusive_is_the_price_a_sale_line_gets(
    trade: TestClient,
) -> None:
    """#17.6: a product's 标准售价 follows the 含税 switch: 12.00 typed 含税 is stored ex tax
    (12 / 1.13 = 10.619469) and a line without a price is offered exactly 12 again."""
    _include_tax(trade)
    product = ok(
        trade.patch(
            "/api/v1/products/P1",
            json={"list_price": "12.00", "min_sale_price": "11.30", "prices_tax_included": True},
        )
    )
    assert (product["list_price"], product["min_sale_price"]) == ("10.619469", "10")
    order = create(trade, "sales_order", "C1", [{"product": "P1", "qty": "2"}])
    line = order["lines"][0]
    assert (line["entered_price"], line["entered_price_tax_included"]) == ("12", True)
    assert order["total"] == "24.00"


def test_a_patch_converts_only_the_prices_it_gives(trade: TestClient) -> None:
    ok(trade.patch("/api/v1/products/P1", json={"list_price": "20", "min_sale_price": "10"}))
    product = ok(
        trade.patch(
            "/api/v1/products/P1", json={"list_price": "22.60", "prices_tax_included": True}
        )
    )
    # the untouched minimum price keeps its stored (ex tax) figure
    assert (product["list_price"], product["min_sale_price"]) == ("20", "10")


def test_level_and_customer_prices_may_be_given_tax_inclusive(trade: TestClient) -> None:
    ok(
        trade.post(
            "/api/v1/partners",
            json={"code": "C3", "name": "批发客户", "kind": "customer", "price_level": 2},
        ),
        201,
    )
    level = {"product": "P1", "level": 2, "price": "11.30", "tax_included": True}
    assert trade.put("/api/v1/prices/level", json=level).status_code == 204
    assert _quote(trade, "C3") == ("10", "level")  # 11.30 / 1.13, stored ex tax
    customer = {"partner": "C3", "product": "P1", "price": "33.90", "tax_included": True}
    assert trade.put("/api/v1/prices/customer", json=customer).status_code == 204
    assert _quote(trade, "C3") == ("30", "customer")
    plain = {"product": "P1", "level": 2, "price": "11.30"}
    assert trade.put("/api/v1/prices/level", json=plain).status_code == 204
    removed = {"partner": "C3", "product": "P1", "price": None}
    assert trade.put("/api/v1/prices/customer", json=removed).status_code == 204
    assert _quote(trade, "C3") == ("11.3", "level")  # without the flag: ex tax as given


def _quote(client: TestClient, partner: str) -> tuple[str, str]:
    found = ok(client.get(f"/api/v1/prices/quote?partner={partner}&product=P1"))
    return found["price"], found["source"]
