"""``jxc user …`` and ``jxc token …``: the operator acts as the system."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer

from openjxc.domain.access.actor import Actor
from openjxc.entrypoints.cli import context
from openjxc.services import auth, users

user_app = typer.Typer(help="Users: add, passwd, disable, enable.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens: create, revoke.", no_args_is_help=True)


@user_app.command("add")
def user_add(
    username: str,
    role: Annotated[
        list[str],
        typer.Option(
            "--role", help="admin, purchasing, sales, warehouse, finance, store_manager, viewer"
        ),
    ],
    display_name: Annotated[str, typer.Option()] = "",
    password: Annotated[str | None, typer.Option(help="generated if omitted")] = None,
) -> None:
    """Add a user with one or more roles."""
    system = context.system(context.settings())
    data = users.UserData(username, display_name, password, roles=tuple(role))
    _, password_used = users.create_user(data, Actor.system(), system.uow())
    typer.echo(f"已创建用户 / created user {username}")
    if password is None:
        typer.echo(f"密码（只显示这一次）/ password (shown once): {password_used}")


@user_app.command("passwd")
def user_passwd(
    username: str,
    password: Annotated[str | None, typer.Option(help="generated if omitted")] = None,
) -> None:
    """Set a user's password (and unlock the account)."""
    system = context.system(context.settings())
    new = users.set_password(username, password, Actor.system(), system.uow())
    typer.echo(f"已设置密码 / password set for {username}")
    if password is None:
        typer.echo(f"新密码（只显示这一次）/ new password (shown once): {new}")


@user_app.command("disable")
def user_disable(username: str) -> None:
    """Disable a user: they can no longer log in or use their tokens."""
    system = context.system(context.settings())
    users.update_user(username, Actor.system(), system.uow(), active=False)
    typer.echo(f"已停用 / disabled {username}")


@user_app.command("enable")
def user_enable(username: str) -> None:
    """Enable a disabled user again."""
    system = context.system(context.settings())
    users.update_user(username, Actor.system(), system.uow(), active=True)
    typer.echo(f"已启用 / enabled {username}")


@token_app.command("create")
def token_create(
    username: Annotated[str, typer.Option("--user", help="whose token")],
    name: Annotated[str, typer.Option(help="what it is for, e.g. POS sync")],
    permission: Annotated[
        list[str] | None, typer.Option("--permission", help="narrow to these")
    ] = None,
    expires: Annotated[datetime | None, typer.Option(help="expiry date (UTC)")] = None,
) -> None:
    """Create an API token for a user; the token is printed once."""
    system = context.system(context.settings())
    issued = auth.create_api_token(
        Actor.system(),
        name,
        system.uow(),
        username=username,
        permissions=permission or None,
        expires_at=expires.replace(tzinfo=UTC) if expires and expires.tzinfo is None else expires,
    )
    typer.echo(f"令牌 #{issued.id}（只显示这一次）/ token (shown once):")
    typer.echo(issued.token)


@token_app.command("revoke")
def token_revoke(token_id: int) -> None:
    """Revoke a token by its number."""
    system = context.system(context.settings())
    auth.revoke_token(token_id, Actor.system(), system.uow())
    typer.echo(f"已吊销 / revoked token #{token_id}")
