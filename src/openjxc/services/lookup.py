"""Find master data by reference: a code first (what people type), else an id."""

from __future__ import annotations

from typing import Protocol, TypeVar

from openjxc.domain.shared.errors import NotFound, ValidationError

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)

#: ids are 32-bit on every database; a longer run of digits can only be a code
_MAX_ID = 2**31 - 1


class _Repository(Protocol[T_co]):
    def get(self, id: int) -> T_co | None: ...
    def by_code(self, code: str) -> T_co | None: ...


def as_id(ref: int | str) -> int | None:
    """The id a reference may mean, or None when it cannot be one."""
    if isinstance(ref, int):
        return ref if 0 < ref <= _MAX_ID else None
    text = ref.strip()
    if text.isascii() and text.isdigit() and 0 < int(text) <= _MAX_ID:
        return int(text)
    return None


def find(repository: _Repository[T], ref: int | str) -> T | None:
    if isinstance(ref, str) and "\x00" in ref:
        return None  # no code holds a NUL, and PostgreSQL refuses it in a query
    found = repository.by_code(str(ref)) if isinstance(ref, str) else None
    if found is None and (id := as_id(ref)) is not None:
        found = repository.get(id)
    return found


def get(repository: _Repository[T], ref: int | str, entity: str) -> T:
    """The record ``ref`` names, or NotFound (404)."""
    found = find(repository, ref)
    if found is None:
        raise NotFound(entity, ref)
    return found


def resolve(repository: _Repository[T], ref: int | str, field: str) -> T:
    """The record a field of the input names, or ``unknown_reference`` (422)."""
    found = find(repository, ref)
    if found is None:
        raise ValidationError("unknown_reference", field=field, value=str(ref)[:64])
    return found
