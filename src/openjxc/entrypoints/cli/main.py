"""The ``jxc`` command."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from openjxc.config import Settings, load_settings
from openjxc.domain.shared.errors import DomainError
from openjxc.entrypoints.cli import (
    admin,
    backup,
    bench,
    bench_import,
    bench_reads,
    bench_reports,
    bench_trade,
    bench_web,
    context,
    imports,
    jobs,
    setup,
    stock,
)
from openjxc.entrypoints.messages import describe

app = typer.Typer(
    name="jxc",
    help="OpenJXC — 进销存 (purchase, sales, inventory).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(admin.user_app, name="user")
app.add_typer(admin.token_app, name="token")
app.add_typer(stock.stock_app, name="stock")
app.add_typer(stock.period_app, name="period")
app.add_typer(jobs.job_app, name="job")
app.command()(jobs.worker)
bench_reports.register(bench.bench_app)
bench.bench_app.command("trade")(bench_trade.bench_trade)
bench.bench_app.command("web")(bench_web.bench_web)
bench.bench_app.command("reads")(bench_reads.bench_reads)
bench.bench_app.command("import")(bench_import.bench_import)
app.add_typer(bench.bench_app, name="bench")
app.command("import")(imports.import_file)
app.command("import-template")(imports.import_template_file)

DatabaseUrl = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        envvar="JXC_DATABASE_URL",
        help="SQLAlchemy URL; default: SQLite file in the data folder",
    ),
]


@app.callback()
def main(database_url: DatabaseUrl = None) -> None:
    """Settings are read once per command, from JXC_* variables and these options."""
    context.set_overrides(database_url=database_url)


@app.command()
def init(
    admin_password: Annotated[
        str | None,
        typer.Option(
            envvar="JXC_ADMIN_PASSWORD", help="password of the first admin; generated if omitted"
        ),
    ] = None,
    admin_username: Annotated[str, typer.Option(help="username of the first admin")] = "admin",
) -> None:
    """Create or upgrade the database and create the first administrator."""
    setup.initialise(context.settings(), admin_username, admin_password)


@app.command()
def migrate(
    no_backup: Annotated[
        bool, typer.Option("--no-backup", help="do not back the database up first")
    ] = False,
    backup_to: Annotated[
        Path | None,
        typer.Option(help="folder of the backup; default JXC_BACKUP_DIR or data folder/backups"),
    ] = None,
) -> None:
    """Upgrade the database schema to the latest version (backing it up first)."""
    settings = context.settings()
    setup.migrate_database(settings, None if no_backup else backup_to or settings.backup_folder)


app.command("backup")(backup.backup)
app.command("restore")(backup.restore)


@app.command()
def demo() -> None:
    """Load the demo company (a bakery chain); loading it twice changes nothing."""
    setup.load_demo(context.settings())


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(envvar="JXC_HOST")] = None,
    port: Annotated[int | None, typer.Option(envvar="JXC_PORT")] = None,
    reload: Annotated[bool, typer.Option(help="reload on code changes (development)")] = False,
    with_worker: Annotated[
        bool, typer.Option(help="also run the scheduled jobs in the server process")
    ] = False,
) -> None:
    """Serve the web UI and the API."""
    context.set_overrides(host=host, port=port)
    setup.serve(context.settings(), reload, with_worker)


@app.command()
def doctor(
    repair: Annotated[
        bool, typer.Option(help="rebuild caches from the ledger (never touches it)")
    ] = False,
) -> None:
    """Check the database: schema, references, and the books (every cache against the ledger)."""
    raise typer.Exit(setup.run_doctor(context.settings(), repair))


def run() -> None:
    """Entry point that turns domain errors into a message and exit code 1."""
    try:
        app()
    except DomainError as error:
        settings: Settings | None
        try:
            settings = load_settings()
        except ValueError:
            settings = None
        body = describe(error, settings.language if settings else "zh-CN")
        print(f"错误 / error [{body['code']}]: {body['message']}", file=sys.stderr)
        for detail in body["details"]:
            if detail.get("message"):
                print(f"  - {detail['message']}", file=sys.stderr)
        sys.exit(1)
