"""The in-app inbox over the API and the web UI, and the run log (任务记录), on both databases."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI
from fastapi.testclient import TestClient

from openjxc.bootstrap import System
from openjxc.services.jobs import run_job
from tests.integration.jobs.conftest import PASSWORD, Stock, ok, run
from tests.integration.web.conftest import Browser

Headers = Callable[[str], dict[str, str]]


def test_notifications_list_unread_first_newest_first_with_paging(
    system: System, shop: TestClient, stock: Stock, as_user: Headers
) -> None:
    stock("other_receipt", "SW", "P1", "5")  # CW and SW below safety stock
    run(system, "alert_check")
    keeper = as_user("keeper")
    page = ok(shop.get("/api/v1/notifications", headers=keeper))
    assert page["count"] == 2
    assert page["unread"] == 2
    older, newer = sorted(page["data"], key=lambda r: r["id"])
    assert [r["id"] for r in page["data"]] == [newer["id"], older["id"]]
    ok(shop.post(f"/api/v1/notifications/{newer['id']}/read", headers=keeper), 204)
    page = ok(shop.get("/api/v1/notifications", headers=keeper))
    assert [(r["id"], r["read"]) for r in page["data"]] == [
        (older["id"], False),
        (newer["id"], True),
    ]
    assert page["unread"] == 1
    one = ok(shop.get("/api/v1/notifications", params={"limit": 1, "offset": 1}, headers=keeper))
    assert one["count"] == 2
    assert [r["id"] for r in one["data"]] == [newer["id"]]
    unread = ok(shop.get("/api/v1/notifications", params={"unread_only": True}, headers=keeper))
    assert [r["id"] for r in unread["data"]] == [older["id"]]
    ok(shop.post("/api/v1/notifications/read-all", headers=keeper), 204)
    assert ok(shop.get("/api/v1/notifications", headers=keeper))["unread"] == 0


def test_another_user_s_notification_reads_as_not_found_and_stays_unread(
    system: System, shop: TestClient, stock: Stock, as_user: Headers
) -> None:
    stock("other_receipt", "CW", "P1", "5")  # 中央仓 only: not the store manager's
    stock("other_receipt", "SW", "P1", "50")
    run(system, "alert_check")
    [theirs] = ok(shop.get("/api/v1/notifications", headers=as_user("keeper")))["data"]
    manager = as_user("manager")
    assert ok(shop.get("/api/v1/notifications", headers=manager))["count"] == 0
    response = shop.post(f"/api/v1/notifications/{theirs['id']}/read", headers=manager)
    assert response.status_code == 404
    assert ok(shop.get("/api/v1/notifications", headers=as_user("keeper")))["unread"] == 1


def test_jobs_and_runs_are_listed_for_administrators_only(
    system: System, shop: TestClient, as_user: Headers
) -> None:
    run(system, "alert_check")

    def broken(params: object) -> str:
        raise ValueError("bad setting")

    run_job("overdue_receivables", broken, "cron", system.uow)
    jobs = ok(shop.get("/api/v1/jobs"))
    names = {j["name"]: j for j in jobs["data"]}
    assert set(names) == {"alert_check", "overdue_purchase_orders", "overdue_receivables"}
    assert names["alert_check"]["interval_seconds"] == 600
    assert names["alert_check"]["last_status"] == "succeeded"
    assert names["overdue_receivables"]["last_status"] == "failed"
    assert names["alert_check"]["title"].startswith("库存预警")
    runs = ok(shop.get("/api/v1/jobs/runs"))
    assert [r["job"] for r in runs["data"]] == ["overdue_receivables", "alert_check"]
    assert "ValueError: bad setting" in runs["data"][0]["error"]
    failed = ok(shop.get("/api/v1/jobs/runs", params={"status": "failed"}))
    assert failed["count"] == 1
    one = ok(shop.get(f"/api/v1/jobs/runs/{runs['data'][1]['id']}"))
    assert one["status"] == "succeeded"
    assert "below_safety" in one["result"]
    assert shop.get("/api/v1/jobs", headers=as_user("keeper")).status_code == 403
    assert shop.get("/api/v1/jobs/runs", headers=as_user("manager")).status_code == 403


def _browser(app: FastAPI, username: str) -> Browser:
    b = Browser(TestClient(app))
    assert b.login(username, PASSWORD).status_code == 200
    return b


def test_the_bell_shows_the_unread_count_and_opening_a_notification_goes_where_to_act(
    system: System, app: FastAPI, stock: Stock
) -> None:
    stock("other_receipt", "SW", "P1", "5")
    run(system, "alert_check")
    b = _browser(app, "manager")
    page = b.get("/")
    assert 'hx-get="/notifications/bell"' in page.text
    bell = b.htmx("/notifications/bell")
    assert 'id="notification-count">1<' in bell.text
    listing = b.get("/notifications")
    assert "库存不足：吐司（徐汇店仓）" in listing.text
    assert "中央仓" not in listing.text
    notification_id = listing.text.split(
        'class="list-group-item notification notification-unread" data-id="'
    )[1].split('"')[0]
    opened = b.post(f"/notifications/{notification_id}/open", {}, follow_redirects=False)
    assert opened.status_code == 303
    assert opened.headers["location"] == "/stock/balances?product=P1&warehouse=SW"
    assert "notification-count" not in b.htmx("/notifications/bell").text
    b.client.close()


def test_mark_all_read_from_the_list(system: System, app: FastAPI, stock: Stock) -> None:
    stock("other_receipt", "SW", "P1", "5")
    run(system, "alert_check")
    b = _browser(app, "keeper")
    assert "notification-unread" in b.get("/notifications").text
    done = b.post("/notifications/read-all", {}, follow_redirects=True)
    assert done.status_code == 200
    assert "notification-unread" not in done.text
    b.client.close()


def test_the_job_runs_page_is_for_administrators(
    system: System, app: FastAPI, shop: TestClient
) -> None:
    def broken(params: object) -> str:
        raise RuntimeError("disk full")

    run_job("alert_check", broken, "cron", system.uow)
    from openjxc.domain.access.actor import Actor
    from openjxc.services import users

    users.create_user(
        users.UserData("boss", "boss", PASSWORD, roles=("admin",)), Actor.system(), system.uow()
    )
    b = _browser(app, "boss")
    page = b.get("/jobs")
    assert page.status_code == 200
    assert 'data-name="overdue_receivables"' in page.text
    assert 'data-status="failed"' in page.text
    assert "RuntimeError: disk full" in page.text
    assert 'href="/jobs"' in page.text  # in the menu
    b.client.close()
    keeper = _browser(app, "keeper")
    assert keeper.get("/jobs").status_code == 403
    keeper.client.close()
