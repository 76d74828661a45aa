"""Partner rules (services/partners.py) on the in-memory unit of work."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from openjxc.domain.access.actor import Actor
from openjxc.domain.shared.errors import Conflict, PermissionDenied, ValidationError
from openjxc.services.partners import PartnerData, create_partner, delete_partner, update_partner
from tests.unit.fakes import FakeUnitOfWork

ADMIN = Actor.system()
CAFE = PartnerData(code="K1", name="街角咖啡", kind="customer", credit_limit="5000")


def test_a_new_customer_keeps_its_credit_limit() -> None:
    uow = FakeUnitOfWork()
    partner = create_partner(CAFE, ADMIN, uow)
    assert uow.committed
    assert uow.partners.by_code("K1") is partner
    assert partner.credit_limit == D("5000")


def test_a_partner_credit_limit_must_not_be_negative() -> None:
    uow = FakeUnitOfWork()
    with pytest.raises(ValidationError) as refused:
        create_partner(PartnerData("K1", "街角咖啡", "customer", credit_limit="-1"), ADMIN, uow)
    assert (refused.value.code, refused.value.params["field"]) == ("negative", "credit_limit")
    assert not uow.committed
    assert uow.partners.by_code("K1") is None


def test_a_credit_limit_lowered_below_zero_is_refused_and_nothing_is_committed() -> None:
    uow = FakeUnitOfWork()
    create_partner(CAFE, ADMIN, uow)
    uow.committed = False
    with pytest.raises(ValidationError, match="negative"):
        update_partner("K1", {"credit_limit": "-0.01"}, ADMIN, uow)
    assert not uow.committed


def test_a_partner_code_already_taken_is_refused() -> None:
    uow = FakeUnitOfWork()
    create_partner(CAFE, ADMIN, uow)
    uow.committed = False
    with pytest.raises(Conflict, match="duplicate"):
        create_partner(PartnerData("K1", "面包房", "supplier"), ADMIN, uow)
    assert not uow.committed


@pytest.mark.parametrize("level", [0, 11])
def test_a_price_level_outside_one_to_ten_is_refused(level: int) -> None:
    uow = FakeUnitOfWork()
    with pytest.raises(ValidationError, match="out_of_range"):
        create_partner(PartnerData("K1", "街角咖啡", "customer", price_level=level), ADMIN, uow)
    assert not uow.committed


def test_a_customer_needs_the_customer_permission_even_to_a_supplier_clerk() -> None:
    uow = FakeUnitOfWork()
    buyer = Actor.system(permissions=["partner.read", "supplier.write"])
    with pytest.raises(PermissionDenied):
        create_partner(CAFE, buyer, uow)
    assert create_partner(PartnerData("S1", "面粉厂", "supplier"), buyer, uow).code == "S1"


def test_a_partner_with_documents_is_not_deleted() -> None:
    uow = FakeUnitOfWork()
    partner = create_partner(CAFE, ADMIN, uow)
    uow.fake_references.used.add(("partner", partner.id or 0))
    uow.committed = False
    with pytest.raises(Conflict, match="in_use"):
        delete_partner("K1", ADMIN, uow)
    assert not uow.committed
    assert uow.partners.by_code("K1") is partner
