"""ASGI middleware: request size limit and Idempotency-Key handling."""

from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from openjxc.bootstrap import System
from openjxc.domain.shared.errors import Conflict, DomainError, ValidationError
from openjxc.entrypoints.api.errors import STATUS
from openjxc.entrypoints.messages import describe, render
from openjxc.services import idempotency

log = logging.getLogger("openjxc.api")

MUTATING = {"POST", "PUT", "PATCH", "DELETE"}
IMPORTS_PATH = "/api/v1/imports/"


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


def _is_import(scope: Scope) -> bool:
    return scope["method"] == "POST" and str(scope.get("path", "")).startswith(IMPORTS_PATH)


def _language(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"accept-language" and value.decode("latin-1").lower().startswith("en"):
            return "en"
    return "zh-CN"


class GuardMiddleware:
    """Limits the body size of mutating calls and serves them under their Idempotency-Key.

    With an ``Idempotency-Key``, the call runs under an :class:`idempotency.Claim`: its first
    unit of work looks the key up (a retry gets the first reply, or a clear error) and its
    commit writes the key with the work and what the work answers. The full reply is kept
    right after, off the event loop, before it is sent; if it was not (the server stopped in
    between), a retry's reply is rendered again: the representation of the resource the
    work named, read as the caller now (``GET``), with the first call's status code. Nothing
    here touches the database on the event loop.
    """

    def __init__(self, app: ASGIApp, system: System):
        self.app = app
        self.system = system
        self.max_body_bytes = system.settings.max_body_bytes
        self.import_max_bytes = system.settings.import_max_bytes

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
        # an import file may be larger than any other body (JXC_IMPORT_MAX_BYTES)
        limit = self.import_max_bytes if _is_import(scope) else self.max_body_bytes
        try:
            if declared > limit:
                raise BodyTooLarge
            body = await _read_body(receive, limit)
        except BodyTooLarge:
            params = {"max_bytes": limit}
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
        try:
            idempotency.check_key(key)
        except ValidationError as error:
            await _send_error(send, error, language)
            return
        query = scope.get("query_string", b"").decode("latin-1")
        target = scope["path"] + (f"?{query}" if query else "")
        await self._serve(scope, body, send, idempotency.Claim(key, scope["method"], target, body))

    async def _serve(self, scope: Scope, body: bytes, send: Send, claim: idempotency.Claim) -> None:
        messages: list[Message] = []

        async def hold(message: Message) -> None:
            messages.append(message)

        token = idempotency.start(claim)
        try:
            await self.app(scope, _replay(body), hold)
        finally:
            idempotency.stop(token)
        if claim.replay is not None:
            reply = claim.replay
            await _send_reply(send, reply)
            return
        if claim.rerender is not None:
            await self._rerender(scope, claim.rerender, send)
            return
        if claim.committed:
            reply = _reply_of(messages)
            try:
                await run_in_threadpool(idempotency.record_reply, claim, reply, self.system.uow())
            except Exception:
                # the work is done: answer it; a retry will hear idempotency_reply_unavailable
                log.exception("the reply to Idempotency-Key %r could not be kept", claim.key)
        for message in messages:
            await send(message)

    async def _rerender(self, scope: Scope, rerender: idempotency.Rerender, send: Send) -> None:
        """Answer a retry of a committed call whose reply was not kept: the resource as a GET
        by the same caller reads it now, with the first call's status code."""
        messages: list[Message] = []

        async def hold(message: Message) -> None:
            messages.append(message)

        dropped = {b"content-length", b"content-type", b"idempotency-key"}
        # the request as the server gave it, without what routing the first pass added
        read: Scope = {
            key: value
            for key, value in scope.items()
            if key not in {"endpoint", "path_params", "route", "router"}
            and not key.startswith("fastapi")
        }
        read.update(
            method="GET",
            path=rerender.path,
            raw_path=quote(rerender.path).encode(),
            query_string=b"",
            headers=[(n, v) for n, v in scope.get("headers", []) if n not in dropped],
        )
        await self.app(read, _replay(b""), hold)
        reply = _reply_of(messages)
        if reply.status_code != 200:
            # the resource is gone or out of the caller's sight now: the work stays done
            log.warning("Idempotency-Key reply of %s answered %s", rerender.path, reply.status_code)
            await _send_error(send, Conflict("idempotency_reply_unavailable"), _language(scope))
            return
        await _send_reply(
            send, idempotency.Reply(rerender.status_code, reply.body, reply.content_type)
        )


async def _send_reply(send: Send, reply: idempotency.Reply) -> None:
    if reply.status_code == idempotency.NO_CONTENT:
        await send({"type": "http.response.start", "status": reply.status_code, "headers": []})
        await send({"type": "http.response.body", "body": b""})
        return
    await _send_json(send, reply.status_code, reply.body, reply.content_type)


async def _send_error(send: Send, error: DomainError, language: str) -> None:
    await _send_json(send, STATUS[error.kind], {"error": describe(error, language)})


def _reply_of(messages: list[Message]) -> idempotency.Reply:
    status = 500
    content_type = "application/json"
    parts: list[bytes] = []
    for message in messages:
        if message["type"] == "http.response.start":
            status = message["status"]
            for name, value in message.get("headers", []):
                if name == b"content-type":
                    content_type = value.decode("latin-1")
        elif message["type"] == "http.response.body":
            parts.append(message.get("body", b""))
    return idempotency.Reply(status, b"".join(parts), content_type)
