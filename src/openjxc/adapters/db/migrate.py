"""Run Alembic programmatically: migrations are the only way the schema is created.

Released migrations are frozen (``migrations/released.json`` keeps each release's commit and
the SHA-256 of every migration it shipped); a schema change is a new revision.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.script.revision import RevisionError
from sqlalchemy import Engine

from openjxc.adapters.db.tables import metadata

MIGRATIONS = Path(__file__).parent / "migrations"
RELEASED = MIGRATIONS / "released.json"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config("sqlite://"))


def head_revision() -> str | None:
    return _scripts().get_current_head()


def knows_revision(revision: str) -> bool:
    """Whether ``revision`` is one of this code's migrations (not from a newer OpenJXC)."""
    try:
        return _scripts().get_revision(revision) is not None
    except RevisionError:
        return False


@dataclass(frozen=True)
class SchemaState:
    """Where a database stands against this code's migrations."""

    current: str | None
    head: str | None
    #: revisions this code has and the database lacks, oldest first
    pending: tuple[str, ...]
    #: the database carries a revision this code does not know (made by a newer OpenJXC)
    unknown: bool

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


def schema_state(engine: Engine) -> SchemaState:
    scripts, current = _scripts(), current_revision(engine)
    head = scripts.get_current_head()
    try:
        walk = list(scripts.iterate_revisions(head, current))
    except RevisionError:
        return SchemaState(current, head, (), unknown=True)
    pending = tuple(s.revision for s in reversed(walk) if s.revision != current)
    return SchemaState(current, head, pending, unknown=False)


def schema_drift(engine: Engine) -> list[str]:
    """How the database's tables differ from the code's, in words (nothing when they agree).

    The same comparison as ``alembic revision --autogenerate``: a database whose revision is
    current but whose schema is not (e.g. made by a pre-release snapshot) shows up here.
    """
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, metadata)
    return [_describe(d) for d in differences]


_MISSING = {"add_table", "add_column", "add_index", "add_constraint", "add_fk"}
_EXTRA = {"remove_table", "remove_column", "remove_index", "remove_constraint", "remove_fk"}


def _describe(difference: Any) -> str:
    """One difference, from the database's side: what it lacks, has extra, or has otherwise."""
    if isinstance(difference, list):  # changes to one column come grouped
        return "; ".join(_describe(d) for d in difference)
    action, *rest = difference
    if action.startswith("modify_"):
        _, table, column, _, old, new = rest
        return f"{table}.{column}: {action[7:]} is {old} in the database, {new} in the code"
    thing = action.split("_", 1)[1]
    obj = rest[-1]
    if thing == "column":
        name = f"{rest[1]}.{obj.name}"
    elif thing == "table":
        name = obj.name
    else:
        name = f"{obj.name} on {getattr(obj.table, 'name', '?')}"
    if action in _MISSING:
        return f"{thing} {name} is missing in the database"
    if action in _EXTRA:
        return f"{thing} {name} is in the database but not in the code"
    return f"{action} {name}"  # pragma: no cover - alembic added a kind of difference


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def released() -> dict[str, Any]:
    """Each release: its git commit and the SHA-256 of every migration file it shipped."""
    data: dict[str, Any] = json.loads(RELEASED.read_text(encoding="utf-8"))
    return data
