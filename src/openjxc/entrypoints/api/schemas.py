"""Base classes for request bodies."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, model_validator


class Create(BaseModel):
    """A POST body: unknown fields are refused, not ignored."""

    model_config = ConfigDict(extra="forbid")


class Patch(BaseModel):
    """A PATCH body: only the fields sent are changed.

    Fields default to None so they can be left out, but an explicit ``null`` is accepted
    only for the fields named in ``nullable`` (where null means "clear it").
    """

    model_config = ConfigDict(extra="forbid")
    nullable: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="after")
    def _no_null_for_required_fields(self) -> Patch:
        for name in self.model_fields_set:
            if getattr(self, name) is None and name not in self.nullable:
                raise ValueError(f"{name} cannot be null")
        return self
