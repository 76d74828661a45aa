"""Per-invocation settings and the system built from them."""

from __future__ import annotations

from typing import Any

import typer

from openjxc.bootstrap import System, bootstrap
from openjxc.config import Settings, load_settings

_overrides: dict[str, Any] = {}


def set_overrides(**values: Any) -> None:
    _overrides.update({k: v for k, v in values.items() if v is not None})


def settings() -> Settings:
    try:
        return load_settings(**_overrides)
    except ValueError as error:
        typer.echo(f"错误 / error: {error}", err=True)
        raise typer.Exit(2) from None


def system(settings: Settings) -> System:
    return bootstrap(settings)
