"""公司信息 over the API: tax number, bank and account, logo."""

from __future__ import annotations

import io

from fastapi.testclient import TestClient
from PIL import Image

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.services import users
from tests.conftest import login


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def test_details_are_set_checked_and_read_back(client: TestClient) -> None:
    assert client.get("/api/v1/company").json() == {
        "tax_number": "",
        "bank_name": "",
        "bank_account": "",
        "logo": False,
    }
    body = {
        "tax_number": "91310000abcdefgh1x",
        "bank_name": "工商银行",
        "bank_account": "6222 0000 1234",
    }
    saved = client.put("/api/v1/company", json=body)
    assert saved.status_code == 200, saved.text
    assert saved.json()["tax_number"] == "91310000ABCDEFGH1X"  # upper case, as issued
    bad = client.put("/api/v1/company", json={**body, "bank_account": "abc"})
    assert bad.status_code == 422
    assert bad.json()["error"]["code"] == "invalid_bank_account"
    assert client.get("/api/v1/company").json()["bank_account"] == "6222 0000 1234"


def test_the_logo_is_redrawn_small_and_can_be_removed(client: TestClient) -> None:
    assert client.get("/api/v1/company/logo").status_code == 204
    put = client.put("/api/v1/company/logo", content=_png(1200, 400))
    assert put.status_code == 200, put.text
    assert put.json()["logo"] is True
    logo = client.get("/api/v1/company/logo")
    assert logo.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(logo.content)).size == (600, 200)  # fits 600 × 200
    refused = client.put("/api/v1/company/logo", content=b"not an image")
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "logo_not_an_image"
    assert client.get("/api/v1/company/logo").status_code == 200  # the old one stays
    assert client.delete("/api/v1/company/logo").json()["logo"] is False
    assert client.get("/api/v1/company/logo").status_code == 204


def _clerk(client: TestClient, system: System) -> dict[str, str]:
    """A viewer's headers: may read the company settings, not change them."""
    users.create_user(
        users.UserData("clerk", "文员", "Clerk-pass-12", roles=("viewer",)),
        Actor.system(),
        system.uow(),
    )
    return login(client, "clerk", "Clerk-pass-12")


def test_only_an_administrator_changes_them(client: TestClient, system: System) -> None:
    clerk = _clerk(client, system)
    assert client.get("/api/v1/company", headers=clerk).status_code == 200
    denied = client.put("/api/v1/company", json={"tax_number": ""}, headers=clerk)
    assert denied.status_code == 403
    assert (
        client.put("/api/v1/company/logo", content=_png(10, 10), headers=clerk).status_code == 403
    )


def _columns_of(client: TestClient, kind: str, **kwargs: object) -> dict[str, object]:
    response = client.get("/api/v1/company/print-columns", **kwargs)  # type: ignore[arg-type]
    assert response.status_code == 200, response.text
    return next(t for t in response.json() if t["type"] == kind)


def test_printed_columns_are_chosen_per_type_checked_and_reset(client: TestClient) -> None:
    delivery = _columns_of(client, "sales_delivery")
    keys = [c["key"] for c in delivery["available"]]  # type: ignore[union-attr]
    defaults = [c["key"] for c in delivery["available"] if c["default"]]  # type: ignore[union-attr]
    assert delivery["chosen"] == defaults
    assert delivery["customised"] is False
    assert "net_amount" in keys
    assert "net_amount" not in defaults  # 金额 (不含税): 含税 figures print by default

    wanted = ["net_amount", "product", "qty"]  # stored in print order, whatever order they come in
    saved = client.put("/api/v1/company/print-columns", json={"sales_delivery": wanted})
    assert saved.status_code == 200, saved.text
    after = _columns_of(client, "sales_delivery")
    assert after["chosen"] == [k for k in keys if k in wanted]
    assert after["customised"] is True
    # other types keep their defaults
    assert _columns_of(client, "transfer")["customised"] is False

    for bad, code in (
        ({"sales_delivery": ["no_such_column"]}, "invalid_choice"),
        ({"sales_delivery": ["unit_cost"]}, "invalid_choice"),  # a stock column, not a sale's
        ({"not_a_type": ["product"]}, None),
    ):
        refused = client.put("/api/v1/company/print-columns", json=bad)
        assert refused.status_code == 422, refused.text
        if code:
            assert refused.json()["error"]["code"] == code
        assert _columns_of(client, "sales_delivery")["chosen"] == after["chosen"]  # unchanged

    reset = client.put("/api/v1/company/print-columns", json={"sales_delivery": []})
    assert reset.status_code == 200
    assert _columns_of(client, "sales_delivery")["customised"] is False


def test_only_an_administrator_chooses_printed_columns(client: TestClient, system: System) -> None:
    clerk = _clerk(client, system)
    assert _columns_of(client, "sales_order", headers=clerk)["customised"] is False
    denied = client.put(
        "/api/v1/company/print-columns", json={"sales_order": ["product"]}, headers=clerk
    )
    assert denied.status_code == 403
