"""Backups that restore, on SQLite and PostgreSQL: taken while postings go on, restored into a
fresh database with every approved document and a clean doctor, upgraded when older."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, insert, select

from openjxc.adapters.db import migrate
from openjxc.adapters.db.backup import backup_database
from openjxc.adapters.db.engine import make_engine
from openjxc.adapters.db.tables import catalog, inventory
from openjxc.bootstrap import System, bootstrap
from openjxc.domain.access.actor import Actor
from openjxc.domain.backups import Retention
from openjxc.domain.shared.errors import Conflict, ValidationError
from openjxc.entrypoints.api.app import create_app
from openjxc.entrypoints.cli.setup import run_doctor
from openjxc.services import backups, organisations, products, users, warehouses
from openjxc.services.inventory import approval, documents
from openjxc.services.inventory.documents import DocumentInput, LineInput
from tests.conftest import own_postgres_database, settings_for

DAY = date(2026, 11, 20)
BURST = 40  # documents posted by the other thread, a bounded burst
ADMIN = Actor.system()
_NOW = datetime(2026, 11, 1, tzinfo=UTC)


@pytest.fixture
def source(empty_database_url: str) -> Iterator[System]:
    """A migrated database with a warehouse and a product, and the system over it."""
    engine = create_engine(empty_database_url)
    migrate.upgrade(engine)
    engine.dispose()
    system = bootstrap(settings_for(empty_database_url))
    users.ensure_builtin_roles(system.uow())
    organisations.create_organisation(
        organisations.OrganisationData("HQ", "总部", "headquarters"), ADMIN, system.uow()
    )
    warehouses.create_warehouse(warehouses.WarehouseData("W1", "主仓", "HQ"), ADMIN, system.uow())
    products.create_product(products.ProductData("P1", "面粉", "kg"), ADMIN, system.uow())
    yield system
    system.close()


@pytest.fixture
def target_url(empty_database_url: str, tmp_path: Path) -> Iterator[str]:
    """A second, empty database of the same kind (nothing created in it)."""
    if empty_database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'restored' / 'openjxc.db'}"
        return
    with own_postgres_database("jxc_restore") as url:
        yield url


def post(system: System, kind: str, qty: str) -> str:
    cost = {"unit_cost": "2.50"} if kind == "other_receipt" else {}
    doc = documents.create_document(
        DocumentInput(kind, DAY, "W1", [LineInput("P1", qty, **cost)]), ADMIN, system.uow()
    )
    approval.approve_document(doc.number, ADMIN, system.uow())
    return doc.number


def approved_numbers(engine: Engine) -> set[str]:
    d = inventory.document
    with engine.connect() as connection:
        return set(connection.scalars(select(d.c.number).where(d.c.status == "approved")))


def test_a_backup_taken_during_postings_restores_every_document_approved_before_it(
    source: System, target_url: str, tmp_path: Path
) -> None:
    approved: list[str] = []
    failures: list[BaseException] = []
    started = threading.Event()

    def burst() -> None:
        try:
            for n in range(BURST):
                kind = "other_issue" if n % 3 == 2 else "other_receipt"
                approved.append(post(source, kind, "2" if kind == "other_issue" else "5"))
                if len(approved) == 5:
                    started.set()
        except BaseException as error:  # reported below, not lost in the thread
            failures.append(error)
            started.set()

    worker = threading.Thread(target=burst)
    worker.start()
    try:
        assert started.wait(120)
        before = set(approved)  # each of these was committed before the backup began
        made = backups.back_up(source.backup_database(), tmp_path / "backups", Retention())
        posted_meanwhile = len(approved) - len(before)
    finally:
        worker.join(300)
    assert not failures, failures
    assert len(approved) == BURST
    print(f"{posted_meanwhile} document(s) approved while the backup was taken")

    target = bootstrap(settings_for(target_url))
    try:
        restored = backups.restore_backup(target.backup_database(), made.path)
        assert not restored.upgraded
        in_backup = approved_numbers(target.engine)
    finally:
        target.close()
    assert before <= in_backup <= set(approved)
    assert run_doctor(settings_for(target_url), repair=False) == 0


def test_restore_refuses_a_database_that_holds_data_unless_forced(
    source: System, target_url: str, tmp_path: Path
) -> None:
    number = post(source, "other_receipt", "5")
    made = backups.back_up(source.backup_database(), tmp_path, Retention())
    target = bootstrap(settings_for(target_url))
    try:
        migrate.upgrade(target.engine)
        users.ensure_builtin_roles(target.uow())
        organisations.create_organisation(
            organisations.OrganisationData("ELSE", "别家", "headquarters"), ADMIN, target.uow()
        )
        with pytest.raises(Conflict) as error:
            backups.restore_backup(target.backup_database(), made.path)
        assert error.value.code == "restore_target_not_empty"
        assert _organisations(target.engine) == {"ELSE"}

        backups.restore_backup(target.backup_database(), made.path, force=True)
        assert _organisations(target.engine) == {"HQ"}
        assert approved_numbers(target.engine) == {number}
    finally:
        target.close()
    assert run_doctor(settings_for(target_url), repair=False) == 0


def test_a_backup_whose_checksum_does_not_match_is_refused_and_nothing_changes(
    source: System, target_url: str, tmp_path: Path
) -> None:
    made = backups.back_up(source.backup_database(), tmp_path, Retention())
    data = bytearray(made.path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    made.path.write_bytes(bytes(data))
    target = bootstrap(settings_for(target_url))
    try:
        with pytest.raises(ValidationError) as error:
            backups.restore_backup(target.backup_database(), made.path)
        assert error.value.code == "backup_checksum_mismatch"
        assert migrate.current_revision(target.engine) is None
    finally:
        target.close()


def test_a_backup_from_an_earlier_schema_revision_is_upgraded_when_restored(
    empty_database_url: str, target_url: str, tmp_path: Path
) -> None:
    old = make_engine(empty_database_url)
    migrate.upgrade(old, "0004")
    with old.begin() as connection:
        connection.execute(
            insert(catalog.organisation).values(
                id=1, code="OLD", name="旧账", kind="headquarters", created_at=_NOW, updated_at=_NOW
            )
        )
    made = backups.back_up(backup_database(old), tmp_path, Retention())
    old.dispose()
    assert made.manifest.revision == "0004"
    assert made.path.name.endswith("-r0004" + made.path.suffix)

    target = bootstrap(settings_for(target_url))
    try:
        restored = backups.restore_backup(target.backup_database(), made.path)
        assert restored.upgraded
        assert restored.revision == migrate.head_revision()
        assert migrate.current_revision(target.engine) == migrate.head_revision()
        assert migrate.schema_drift(target.engine) == []
        assert _organisations(target.engine) == {"OLD"}
    finally:
        target.close()


def test_readyz_answers_503_for_a_database_behind_and_200_once_migrated(
    empty_database_url: str,
) -> None:
    engine = create_engine(empty_database_url)
    migrate.upgrade(engine, "0007")
    engine.dispose()
    pending = int(migrate.head_revision()) - 7  # every later migration is one step
    system = bootstrap(settings_for(empty_database_url))
    try:
        with TestClient(create_app(system)) as client:
            behind = client.get("/readyz")
            assert behind.status_code == 503
            assert behind.json() == {
                "status": "unavailable",
                "reason": f"database schema behind: {pending} migration(s) pending, run jxc migrate",
            }
            assert client.get("/healthz").status_code == 200
            migrate.upgrade(system.engine)
            ready = client.get("/readyz")
            assert ready.status_code == 200, ready.text
            assert ready.json() == {"status": "ok"}
    finally:
        system.close()


def test_readyz_answers_503_without_secrets_when_the_database_is_unreachable() -> None:
    url = "postgresql+psycopg://jxc:Secret-pass-1@127.0.0.1:1/nowhere?connect_timeout=2"
    system = bootstrap(settings_for(url))
    try:
        with TestClient(create_app(system)) as client:
            reply = client.get("/readyz")
    finally:
        system.close()
    assert reply.status_code == 503
    assert reply.json() == {"status": "unavailable", "reason": "database unreachable"}
    assert "Secret" not in reply.text


def _organisations(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(connection.scalars(select(catalog.organisation.c.code)))
