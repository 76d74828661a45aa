"""ASGI middleware: request size limit and Idempotency-Key handling."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import select, update
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from openjxc.adapters.db.tables import system
from openjxc.adapters.db.unit_of_work import IdempotencyClaim, idempotency_claim
from openjxc.entrypoints.messages import render

MUTATING = {"POST", "PUT", "PATCH", "DELETE"}


class BodyTooLarge(Exception):
    pass


async def _read_body(receive: Receive, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise BodyTooLarge("client disconnected")
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def _send_json(
    send: Send, status: int, payload: Any, content_type: str = "application/json"
) -> None:
    body = (
        payload if isinstance(payload, bytes) else json.dumps(payload, ensure_ascii=False).encode()
    )
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", content_type.encode()),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _language(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"accept-language" and value.decode("latin-1").lower().startswith("en"):
            return "en"
    return "zh-CN"


class GuardMiddleware:
    """Limits the body size of mutating calls and makes them idempotent per key.

    With an ``Idempotency-Key``, the key is claimed in the same transaction as the work
    (see ``SqlAlchemyUnitOfWork.commit``), then the response is stored; a retry with the
    same body gets that response again, a retry with another body gets an error.
    """

    def __init__(self, app: ASGIApp, sessions: Callable[[], Any], max_body_bytes: int):
        self.app = app
        self.sessions = sessions
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in MUTATING:
            await self.app(scope, receive, send)
            return
        language = _language(scope)
        headers = dict(scope.get("headers", []))
        try:
            declared = int(headers.get(b"content-length", b"0"))
        except ValueError:
            declared = 0
        try:
            if declared > self.max_body_bytes:
                raise BodyTooLarge
            body = await _read_body(receive, self.max_body_bytes)
        except BodyTooLarge:
            params = {"max_bytes": self.max_body_bytes}
            error = {
                "code": "payload_too_large",
                "message": render("payload_too_large", params, language),
                "details": [],
            }
            await _send_json(send, 413, {"error": error})
            return
        key = headers.get(b"idempotency-key", b"").decode("latin-1").strip()
        if not key:
            await self.app(scope, _replay(body), send)
            return
        fingerprint = hashlib.sha256(
            b"\n".join(
                [
                    scope["method"].encode(),
                    scope["path"].encode(),
                    headers.get(b"authorization", b""),
                    body,
                ]
            )
        ).hexdigest()
        stored = self._lookup(key)
        if stored is not None:
            if stored.fingerprint != fingerprint:
                code = "idempotency_key_reused"
                await _send_json(
                    send,
                    422,
                    {"error": {"code": code, "message": render(code, {}, language), "details": []}},
                )
            elif stored.status_code is None:
                code = "idempotency_in_progress"
                await _send_json(
                    send,
                    409,
                    {"error": {"code": code, "message": render(code, {}, language), "details": []}},
                )
            else:
                await _send_json(
                    send, stored.status_code, stored.response_body.encode(), stored.content_type
                )
            return
        await self._run_and_store(scope, body, send, key, fingerprint)

    async def _run_and_store(
        self, scope: Scope, body: bytes, send: Send, key: str, fingerprint: str
    ) -> None:
        status = 500
        content_type = "application/json"
        parts: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal status, content_type
            if message["type"] == "http.response.start":
                status = message["status"]
                for name, value in message.get("headers", []):
                    if name == b"content-type":
                        content_type = value.decode("latin-1")
            elif message["type"] == "http.response.body":
                parts.append(message.get("body", b""))
            await send(message)

        claim = IdempotencyClaim(key, fingerprint)
        token = idempotency_claim.set(claim)
        try:
            await self.app(scope, _replay(body), capture)
        finally:
            idempotency_claim.reset(token)
        if claim.committed:
            self._store(key, status, b"".join(parts), content_type)

    def _lookup(self, key: str) -> Any:
        with self.sessions() as session:
            table = system.idempotency_key
            return session.execute(select(table).where(table.c.key == key)).first()

    def _store(self, key: str, status: int, body: bytes, content_type: str) -> None:
        with self.sessions() as session:
            table = system.idempotency_key
            session.execute(
                update(table)
                .where(table.c.key == key)
                .values(
                    status_code=status,
                    response_body=body.decode("utf-8", "replace"),
                    content_type=content_type,
                )
            )
            session.commit()
