"""The organisations list: search by code, name or phone; wildcards typed are literal."""

from __future__ import annotations

from openjxc.bootstrap import System
from openjxc.domain.access.actor import Actor
from openjxc.queries.organisations import list_organisations
from openjxc.services import organisations


def _codes(system: System, q: str | None, active: bool | None = None, **scope: object) -> list[str]:
    actor = Actor(1, "li", Actor.system().permissions, **scope)  # type: ignore[arg-type]
    with system.read_sessions() as session:
        rows, count = list_organisations(session, actor, q, active, 50, 0)
    assert count == len(rows)
    return [r.code for r in rows]


def test_organisations_are_searched_by_code_name_or_phone_and_filtered(system: System) -> None:
    admin, uow = Actor.system(), system.uow
    for code, name, phone, active in (
        ("HQ", "总部", "021-100", True),
        ("S01", "徐汇店", "021-200", True),
        ("S02", "100%鲜果店", "", False),
    ):
        data = organisations.OrganisationData(code, name, "store", None, "", phone, active)
        organisations.create_organisation(data, admin, uow())
    assert _codes(system, None) == ["HQ", "S01", "S02"]
    assert _codes(system, "021-2") == ["S01"]
    assert _codes(system, "徐汇") == ["S01"]
    assert _codes(system, "%") == ["S02"]  # a percent sign, not "anything"
    assert _codes(system, "_") == []
    assert _codes(system, "  ") == ["HQ", "S01", "S02"]
    assert _codes(system, None, active=True) == ["HQ", "S01"]
    assert _codes(system, None, active=False) == ["S02"]
    with system.read_sessions() as session:
        rows, _ = list_organisations(session, admin, "S01", None, 50, 0)
    only_s01 = frozenset({rows[0].id})
    assert _codes(system, None, organisation_ids=only_s01) == ["S01"]
