"""The demo company: a bakery chain (烘焙连锁) with a central warehouse and two stores.

Every record is created only if its code is not there yet, so loading twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from openjxc.domain.access.actor import Actor
from openjxc.services import organisations
from openjxc.services.unit_of_work import UnitOfWork

ORGANISATIONS = [
    organisations.OrganisationData(
        "HQ", "总部", "headquarters", address="上海市徐汇区漕溪北路 88 号", phone="021-64000000"
    ),
    organisations.OrganisationData(
        "S01", "徐汇店", "store", "HQ", "上海市徐汇区天钥桥路 100 号", "021-64001001"
    ),
    organisations.OrganisationData(
        "S02", "静安店", "store", "HQ", "上海市静安区南京西路 1000 号", "021-62002002"
    ),
]


def load_demo_data(new_uow: Callable[[], UnitOfWork], actor: Actor) -> int:
    """Create what is missing; return how many records were created."""
    created = 0
    for data in ORGANISATIONS:
        with new_uow() as uow:
            exists = uow.organisations.get_by(code=data.code) is not None
        if not exists:
            organisations.create_organisation(data, actor, new_uow())
            created += 1
    return created
