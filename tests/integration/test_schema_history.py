"""The schema history: migrations build exactly the tables, and released ones never change."""

from __future__ import annotations

import re
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from openjxc.adapters.db import migrate
from openjxc.bootstrap import System

VERSIONS = migrate.MIGRATIONS / "versions"


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(migrate.alembic_config("sqlite://"))


def test_a_database_migrated_to_head_has_exactly_the_code_s_tables(system: System) -> None:
    assert migrate.schema_state(system.engine).up_to_date
    assert migrate.schema_drift(system.engine) == []


def test_drift_names_what_the_database_lacks_and_what_it_has_extra(
    empty_database_url: str,
) -> None:
    engine = create_engine(empty_database_url)
    migrate.upgrade(engine)
    with engine.begin() as connection:
        connection.execute(text("ALTER TABLE product ADD COLUMN legacy_code VARCHAR(10)"))
        connection.execute(text("DROP INDEX ix_stock_move_document_id"))
    assert sorted(migrate.schema_drift(engine)) == [
        "column product.legacy_code is in the database but not in the code",
        "index ix_stock_move_document_id on stock_move is missing in the database",
    ]
    engine.dispose()


def test_released_migrations_are_byte_for_byte_what_their_release_shipped() -> None:
    releases = migrate.released()
    assert "0.1.0" in releases
    for version, release in releases.items():
        for name, digest in release["migrations"].items():
            assert migrate.file_hash(VERSIONS / name) == digest, (
                f"{name} was released in {version} and must never change: add a new revision"
            )


def test_each_release_ships_every_migration_up_to_its_head() -> None:
    scripts = _scripts()
    for version, release in migrate.released().items():
        shipped = {Path(s.path).name for s in scripts.iterate_revisions(release["head"], "base")}
        assert shipped == set(release["migrations"]), version


def test_the_history_is_one_line_and_each_file_is_named_by_its_revision() -> None:
    scripts = _scripts()
    revisions = list(scripts.walk_revisions())
    assert len(scripts.get_heads()) == 1
    assert all(len(s.nextrev) <= 1 for s in revisions)
    for script in revisions:
        assert Path(script.path).name.startswith(f"{script.revision}_")
    files = {p.name for p in VERSIONS.glob("*.py")}
    assert files == {Path(s.path).name for s in revisions}


def test_every_migration_runs_in_batch_mode_so_sqlite_can_alter_tables() -> None:
    for path in VERSIONS.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        altering = re.findall(r"(?<!batch_)op\.(?:add_column|drop_column|alter_column)", source)
        assert not altering, f"{path.name}: use op.batch_alter_table for {altering}"
