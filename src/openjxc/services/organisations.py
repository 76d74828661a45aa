"""Use cases for organisations (总部 / 门店)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.catalog.organisation import Organisation, OrganisationKind
from openjxc.domain.shared import text
from openjxc.domain.shared.errors import Conflict, NotFound, PermissionDenied, ValidationError
from openjxc.services import lookup
from openjxc.services.audit import changes, merge, snapshot
from openjxc.services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class OrganisationData:
    code: str
    name: str
    kind: str = OrganisationKind.STORE
    parent: int | str | None = None
    address: str = ""
    phone: str = ""
    active: bool = True


def create_organisation(data: OrganisationData, actor: Actor, uow: UnitOfWork) -> Organisation:
    """Add the head office or a store."""
    actor.require(Permission.ORGANISATION_WRITE)
    with uow:
        org = Organisation(code=text.code(data.code), name="")
        if uow.organisations.by_code(org.code):
            raise Conflict("duplicate", field="code", value=org.code)
        _apply(org, data, uow)
        uow.organisations.add(org)
        uow.flush()
        uow.audit.record(actor, "organisation.create", "organisation", org.id, after=snapshot(org))
        uow.commit()
    return org


def update_organisation(
    ref: int | str, changes_: Mapping[str, Any], actor: Actor, uow: UnitOfWork
) -> Organisation:
    """Change some fields of an organisation (a PATCH); its code stays."""
    actor.require(Permission.ORGANISATION_WRITE)
    with uow:
        org = get_organisation(ref, uow)
        uow.organisations.lock(org)
        before = snapshot(org)
        parent = uow.organisations.get(org.parent_id) if org.parent_id else None
        current = OrganisationData(
            org.code,
            org.name,
            org.kind,
            parent.code if parent else None,
            org.address,
            org.phone,
            org.active,
        )
        _apply(org, merge(current, changes_, frozen=("code",)), uow)
        old, new = changes(before, snapshot(org))
        if new:
            uow.audit.record(actor, "organisation.update", "organisation", org.id, old, new)
        uow.commit()
    return org


def get_organisation(ref: int | str, uow: UnitOfWork) -> Organisation:
    """Find by id or by code (inside an open unit of work)."""
    org = _by_ref(ref, uow)
    if org is None:
        raise NotFound("organisation", ref)
    return org


def _by_ref(ref: int | str, uow: UnitOfWork) -> Organisation | None:
    """A reference is a code, or else an id: codes are what people type."""
    return lookup.find(uow.organisations, str(ref))


def _apply(org: Organisation, data: OrganisationData, uow: UnitOfWork) -> None:
    org.name = text.name(data.name)
    try:
        org.kind = OrganisationKind(data.kind)
    except ValueError:
        raise ValidationError("invalid_choice", field="kind", value=str(data.kind)) from None
    org.parent_id = None
    if data.parent is not None:
        parent = _by_ref(data.parent, uow)
        if parent is None:
            raise ValidationError("unknown_reference", field="parent", value=str(data.parent))
        if parent is org or (org.id is not None and _is_descendant(parent, org, uow)):
            raise ValidationError("cyclic_parent", field="parent", value=str(data.parent))
        org.parent_id = parent.id
    org.address = text.optional_text(data.address, "address", 200)
    org.phone = text.optional_text(data.phone, "phone", 50)
    org.active = data.active


def _is_descendant(candidate: Organisation, ancestor: Organisation, uow: UnitOfWork) -> bool:
    node: Organisation | None = candidate
    while node is not None and node.parent_id is not None:
        if node.parent_id == ancestor.id:
            return True
        node = uow.organisations.get(node.parent_id)
    return False


def organisation_for(uow: UnitOfWork, actor: Actor, ref: int | str | None) -> int | None:
    """The organisation of a record that has no warehouse to take it from (a payment, an
    opening balance): the one named, which the caller must see; else the caller's own when
    they have exactly one; else the head office (the first organisation without a parent);
    None before any organisation is set up (the company as a whole)."""
    if ref is not None and str(ref).strip():
        org = _by_ref(ref, uow)
        if org is None or org.id is None:
            raise ValidationError("unknown_reference", field="organisation", value=str(ref)[:64])
        if not actor.sees_organisation(org.id):
            raise PermissionDenied("organisation.scope", organisation=org.code)
        return org.id
    if actor.organisation_ids is not None:
        if len(actor.organisation_ids) != 1:
            raise ValidationError("required", field="organisation")
        return next(iter(actor.organisation_ids))
    heads = [o.id for o in uow.organisations.list_by(parent_id=None) if o.id is not None]
    return min(heads, default=None)


def subtree(uow: UnitOfWork, organisation_id: int | None) -> frozenset[int] | None:
    """A store and the organisations under it; None (no limit) for a head office (no parent)
    or no organisation: what a payment of it may settle."""
    if organisation_id is None:
        return None
    org = uow.organisations.get(organisation_id)
    if org is None or org.parent_id is None:
        return None
    every = uow.organisations.list_by()
    children: dict[int | None, list[int]] = {}
    for o in every:
        children.setdefault(o.parent_id, []).append(o.id or 0)
    found, todo = {organisation_id}, [organisation_id]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return frozenset(found)
