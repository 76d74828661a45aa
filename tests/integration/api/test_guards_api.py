"""Request-level guards: body size, malformed JSON, idempotency, errors never 500."""

import uuid

from fastapi.testclient import TestClient


def _count(client: TestClient) -> int:
    count: int = client.get("/api/v1/organisations").json()["count"]
    return count


def test_a_10_mb_body_is_refused_with_413_and_changes_nothing(client: TestClient) -> None:
    huge = b'{"code": "X", "name": "' + b"x" * (10 * 1024 * 1024) + b'"}'
    response = client.post(
        "/api/v1/organisations", content=huge, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"
    assert _count(client) == 0


def test_malformed_json_gets_a_clear_400(client: TestClient) -> None:
    response = client.post(
        "/api/v1/organisations",
        content=b'{"code": "X", ',
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "malformed_json"
    assert response.json()["error"]["message"] == "请求体不是有效的 JSON"


def test_missing_fields_are_listed_in_details(client: TestClient) -> None:
    response = client.post("/api/v1/organisations", json={"code": "X"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert [d["field"] for d in error["details"]] == ["name"]


def test_unknown_fields_are_refused_not_ignored(client: TestClient) -> None:
    response = client.post(
        "/api/v1/organisations", json={"code": "X", "name": "X", "colour": "red"}
    )
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "colour"


def test_a_retry_with_the_same_idempotency_key_returns_the_first_result(client: TestClient) -> None:
    key = {"Idempotency-Key": str(uuid.uuid4())}
    first = client.post("/api/v1/organisations", json={"code": "S01", "name": "一店"}, headers=key)
    again = client.post("/api/v1/organisations", json={"code": "S01", "name": "一店"}, headers=key)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert _count(client) == 1


def test_the_same_idempotency_key_with_another_body_is_an_error(client: TestClient) -> None:
    key = {"Idempotency-Key": str(uuid.uuid4())}
    client.post("/api/v1/organisations", json={"code": "S01", "name": "一店"}, headers=key)
    other = client.post("/api/v1/organisations", json={"code": "S02", "name": "二店"}, headers=key)
    assert other.status_code == 422
    assert other.json()["error"]["code"] == "idempotency_key_reused"
    assert _count(client) == 1


def test_a_failed_request_does_not_burn_its_idempotency_key(client: TestClient) -> None:
    key = {"Idempotency-Key": str(uuid.uuid4())}
    failed = client.post(
        "/api/v1/organisations", json={"code": "S01", "name": "一店", "parent": "NOPE"}, headers=key
    )
    assert failed.status_code == 422
    fixed = client.post(
        "/api/v1/organisations", json={"code": "S01", "name": "一店", "parent": "NOPE"}, headers=key
    )
    assert fixed.status_code == 422  # re-executed, not replayed from a stored failure
    assert _count(client) == 0


def test_unknown_routes_use_the_error_format(client: TestClient) -> None:
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "route_not_found"
