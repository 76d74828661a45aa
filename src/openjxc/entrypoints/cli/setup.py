"""init, migrate, demo, serve, doctor: getting a database ready and keeping it healthy."""

from __future__ import annotations

import os
from pathlib import Path

import typer
import uvicorn
from sqlalchemy import Connection, text

from openjxc.adapters.db import migrate
from openjxc.bootstrap import bootstrap
from openjxc.config import Settings, data_dir
from openjxc.domain.access.actor import Actor
from openjxc.domain.backups import BEFORE_MIGRATE, SCHEDULED, Retention
from openjxc.entrypoints.jobs import registry
from openjxc.entrypoints.jobs.worker import WORKER_IN_SERVER
from openjxc.queries.doctor import check_all
from openjxc.services import backups, maintenance, organisations, users
from openjxc.services.demo import OwnBooks, load_demo_data


def _where(settings: Settings) -> str:
    url = settings.database_url
    return url.split("///", 1)[1] if settings.is_sqlite else url.split("@")[-1]


def migrate_database(settings: Settings, backup_to: Path | None) -> None:
    """Upgrade the schema; first back up a database it is going to change (into
    ``backup_to``; None: no backup)."""
    system = bootstrap(settings)
    try:
        state = migrate.schema_state(system.engine)
        if backup_to is not None and state.current is not None and state.pending:
            made = backups.back_up(
                system.backup_database(), backup_to, retention(settings), BEFORE_MIGRATE
            )
            typer.echo(f"升级前已备份 / backup before migrating: {made.path}")
        migrate.upgrade(system.engine)
        typer.echo(
            f"数据库已是最新版本 / database at revision {migrate.current_revision(system.engine)}: {_where(settings)}"
        )
    finally:
        system.close()


def take_backup(settings: Settings, folder: Path, reason: str = SCHEDULED) -> backups.BackupMade:
    """One backup of the configured database, as ``jxc backup`` (and a nightly job) takes it."""
    system = bootstrap(settings)
    try:
        return backups.back_up(system.backup_database(), folder, retention(settings), reason)
    finally:
        system.close()


def retention(settings: Settings) -> Retention:
    return Retention(settings.backup_keep_daily, settings.backup_keep_monthly)


def initialise(settings: Settings, admin_username: str, admin_password: str | None) -> None:
    """Migrate, create the built-in roles, the head office and the first admin (once)."""
    system = bootstrap(settings)
    try:
        migrate.upgrade(system.engine)
        users.ensure_builtin_roles(system.uow())
        registry.ensure_jobs(system)
        actor = Actor.system()
        with system.uow() as uow:
            has_org = uow.organisations.get_by() is not None
            has_users = uow.users.get_by() is not None
        if not has_org:
            organisations.create_organisation(
                organisations.OrganisationData("HQ", "总部", "headquarters"), actor, system.uow()
            )
        typer.echo(f"数据库 / database: {_where(settings)}")
        if has_users:
            typer.echo("管理员已存在 / an administrator already exists; nothing to create")
            return
        data = users.UserData(admin_username, "系统管理员", admin_password, roles=("admin",))
        _, password = users.create_user(data, actor, system.uow())
        typer.echo(f"已创建管理员 / created administrator: {admin_username}")
        if admin_password is None:
            typer.echo(f"初始密码（只显示这一次）/ password (shown once): {password}")
    finally:
        system.close()


def load_demo(settings: Settings) -> None:
    system = bootstrap(settings)
    try:
        created = load_demo_data(system.uow, Actor.system())
        typer.echo(f"演示数据已就绪 / demo data ready ({created} new records)")
    except OwnBooks:
        typer.echo(
            "此数据库已有自己的数据，不加载演示数据 / this database holds a company's own data:"
            " the demo is not loaded into it"
        )
    finally:
        system.close()


def schema_problems(settings: Settings) -> list[str]:
    """Why the database cannot be used by this code as it is (nothing when it can)."""
    system = bootstrap(settings)
    try:
        state = migrate.schema_state(system.engine)
        if state.current is None:
            return ["数据库未初始化，请运行 jxc init / database not initialised: run `jxc init`"]
        if state.unknown:
            return [
                f"数据库版本 {state.current} 比本程序新，请升级 OpenJXC / schema revision"
                f" {state.current} is newer than this OpenJXC (head {state.head}): upgrade OpenJXC"
            ]
        if state.pending:
            return [
                f"数据库版本落后，请运行 jxc migrate / schema revision {state.current} is behind"
                f" {state.head} ({len(state.pending)} migration(s) to apply): run `jxc migrate`"
            ]
        return [
            f"表结构与程序不一致 / schema drift: {difference}"
            for difference in migrate.schema_drift(system.engine)
        ]
    finally:
        system.close()


def serve(settings: Settings, reload: bool, with_worker: bool = False) -> None:
    """Serve only a database at this code's schema; never migrate it silently.

    ``with_worker``: the scheduled jobs run in a thread of the server process as well
    (``python3 run.py`` does, so the demo shows alerts arriving); otherwise run ``jxc worker``.
    """
    problems = schema_problems(settings)
    if problems:
        for problem in problems:
            typer.echo(problem, err=True)
        raise typer.Exit(2)
    # the factory re-reads settings in the server process: hand them over by environment
    os.environ["JXC_DATABASE_URL"] = settings.database_url
    os.environ["JXC_SECRET_KEY"] = settings.secret_key
    os.environ[WORKER_IN_SERVER] = "1" if with_worker else ""
    typer.echo(
        f"OpenJXC: http://{settings.host}:{settings.port}  (API 文档 /docs)  数据库: {_where(settings)}"
    )
    uvicorn.run(
        "openjxc.entrypoints.api.asgi:create",
        factory=True,
        host=settings.host,
        port=settings.port,
        reload=reload,
        log_level="info",
        # X-Forwarded-For/-Proto are believed from these addresses only (JXC_TRUSTED_PROXIES)
        proxy_headers=True,
        forwarded_allow_ips=settings.trusted_proxies,
    )


def run_doctor(settings: Settings, repair: bool) -> int:
    """Print each check; return 0 when all pass, 1 otherwise."""
    problems = schema_problems(settings)
    system = bootstrap(settings)
    try:
        if not problems:
            with system.engine.connect() as connection:
                problems += _referential_problems(connection, settings)
        if not problems and repair:
            report = maintenance.repair_books(Actor.system(), system.uow())
            typer.echo(
                f"已从账本重估 {report.moves_revalued} 笔库存流水并重建库存缓存和月结汇总 /"
                f" re-valued {report.moves_revalued} moves and rebuilt the stock caches"
                f" ({report.caches['stock_balance_changed']} balances changed) and the closed"
                " months' totals from the ledger"
            )
        if not problems:
            with system.read_sessions() as session:
                problems += check_all(session, Actor.system())
    finally:
        system.close()
    for problem in problems:
        typer.echo(f"✗ {problem}")
    if not problems:
        typer.echo(f"✓ 一切正常 / all checks passed ({_where(settings)}, data folder {data_dir()})")
    return 1 if problems else 0


def _referential_problems(connection: Connection, settings: Settings) -> list[str]:
    if not settings.is_sqlite:
        return []  # PostgreSQL enforces every foreign key itself
    rows = connection.execute(text("PRAGMA foreign_key_check")).all()
    return [f"foreign key broken: table {r[0]} rowid {r[1]} -> {r[2]}" for r in rows]
