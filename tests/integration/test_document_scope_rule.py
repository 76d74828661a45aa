"""Document scope is one rule: ``Actor.sees_document`` (by which the services resolve every
document a request names) and its SQL, ``queries.documents.document_scope`` (lists, a
document's page, the approval inbox), find the same documents for every kind of scope."""

from __future__ import annotations

import datetime as dt
import itertools

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.domain.documents.document import Document
from openjxc.domain.documents.types import DocumentType
from openjxc.queries.documents import visible_documents
from openjxc.services import organisations, users, warehouses


def _world(system: System) -> tuple[list[Document], dict[str, int], list[int]]:
    """Head office (W1) and store S01 (W2, W3); documents of a stock and a trading type in
    each warehouse by each of two users, the second also 业务员 on the first's."""
    admin, uow = Actor.system(), system.uow
    organisations.create_organisation(
        organisations.OrganisationData("HQ", "总部", "headquarters"), admin, uow()
    )
    organisations.create_organisation(
        organisations.OrganisationData("S01", "一号店", parent="HQ"), admin, uow()
    )
    places: dict[str, tuple[int, int]] = {}
    for code, owner in (("W1", "HQ"), ("W2", "S01"), ("W3", "S01")):
        data = warehouses.WarehouseData(code, code, owner)
        made = warehouses.create_warehouse(data, admin, uow())
        places[code] = (made.id or 0, made.organisation_id)
    people = []
    for name in ("li", "wang"):
        user, _ = users.create_user(users.UserData(name, name, "Pass-word-1"), admin, uow())
        people.append(user.id or 0)
    kinds = (DocumentType.WRITE_OFF, DocumentType.SALES_ORDER)
    docs = []
    with uow() as session:
        for n, ((warehouse, org), kind, author, seller) in enumerate(
            itertools.product(places.values(), kinds, people, (None, people[1])), start=1
        ):
            doc = Document(
                kind,
                f"T{n:03d}",
                dt.date(2026, 10, 10),
                org,
                warehouse,
                created_by=author,
                salesperson_id=seller,
            )
            session.documents.add(doc)
            docs.append(doc)
        session.commit()
    organisation = {"HQ": places["W1"][1], "S01": places["W2"][1]}
    return docs, {**organisation, **{k: v[0] for k, v in places.items()}}, people


def test_the_services_rule_and_the_lists_sql_see_the_same_documents(system: System) -> None:
    docs, ids, (li, _wang) = _world(system)
    scopes = [
        {},
        {"organisation_ids": frozenset({ids["S01"]})},
        {"organisation_ids": frozenset({ids["HQ"]})},
        {"warehouse_ids": frozenset({ids["W2"]})},
        {"warehouse_ids": frozenset({ids["W1"], ids["W3"]})},
        {"organisation_ids": frozenset({ids["HQ"]}), "warehouse_ids": frozenset({ids["W2"]})},
    ]
    seen = set()
    for scope, own in itertools.product(scopes, (False, True)):
        actor = Actor(li, "li", frozenset(), own_documents=own, **scope)  # type: ignore[arg-type]
        with system.read_sessions() as session:
            in_sql = visible_documents(session, actor, [d.id or 0 for d in docs])
        in_domain = {d.id for d in docs if actor.sees_document(d)}
        assert in_sql == in_domain, (scope, own)
        seen.add(len(in_sql))
    assert len(seen) > 5  # the scopes differ, so the comparison is not of empty sets
