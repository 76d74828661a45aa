"""Lending (借出) and its returns (借出归还): what is out, with whom, until when.

A loan is an other-issue with reason ``lending`` and an expected return date. A return is an
other-receipt with reason ``loan_return`` naming the loan: each line is matched to the loan's
line for the same product, may not exceed what is still out, and comes back at the cost it
left with (a share of the value the loan line was issued at).
"""

from __future__ import annotations

from decimal import Decimal

from openjxc.domain.documents.document import Document, DocumentLine
from openjxc.domain.documents.status import Status
from openjxc.domain.documents.types import DocumentType, Reason
from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.numbers import ZERO, plain, round_money
from openjxc.services.unit_of_work import UnitOfWork


def check_loan(doc: Document) -> None:
    """A loan needs its expected return date, on or after the day it goes out."""
    if doc.type is DocumentType.OTHER_ISSUE and doc.reason == Reason.LENDING:
        if doc.expected_return_date is None:
            raise ValidationError("required", field="expected_return_date")
        if doc.expected_return_date < doc.date:
            raise ValidationError("return_date_before_loan", field="expected_return_date")


def is_loan_return(doc: Document) -> bool:
    return doc.type is DocumentType.OTHER_RECEIPT and doc.reason == Reason.LOAN_RETURN


def attach_return(doc: Document, lines: list[DocumentLine], uow: UnitOfWork) -> None:
    """Match each returned line to the loan's line and price it at the cost it left with."""
    loan = uow.documents.get(doc.source_document_id) if doc.source_document_id else None
    if loan is None:
        raise ValidationError("required", field="source_document")
    if (
        loan.type is not DocumentType.OTHER_ISSUE
        or loan.reason != Reason.LENDING
        or loan.status is not Status.APPROVED
    ):
        raise ValidationError("not_an_open_loan", field="source_document", value=loan.number)
    outstanding = _outstanding(loan, uow, exclude=doc.id)
    values = uow.documents.posted_line_values(
        [ln.id for ln in loan.active_lines if ln.id is not None]
    )
    errors: list[dict[str, object]] = []
    for line in lines:
        match = next((ln for ln in loan.active_lines if ln.product_id == line.product_id), None)
        if match is None or match.id is None:
            errors.append({"line_no": line.line_no, "code": "not_in_loan", "field": "product"})
            continue
        left = outstanding.get(match.id, ZERO)
        if line.base_qty > left:
            errors.append(
                {
                    "line_no": line.line_no,
                    "code": "return_exceeds_loan",
                    "requested": plain(line.base_qty),
                    "outstanding": plain(left),
                }
            )
            continue
        qty, value = values.get(match.id, (match.base_qty, ZERO))
        line.source_line_id = match.id
        line.unit_cost = None
        line.amount = round_money(abs(value) * line.base_qty / qty) if qty else ZERO
    if errors:
        raise ValidationError("invalid_lines", details=errors, count=len(errors))


def check_still_out(doc: Document, uow: UnitOfWork) -> None:
    """At approval: concurrent returns must not bring back more than was lent."""
    if not is_loan_return(doc) or doc.source_document_id is None:
        return
    loan = uow.documents.get(doc.source_document_id)
    assert loan is not None
    outstanding = _outstanding(loan, uow, exclude=doc.id)
    for line in doc.active_lines:
        left = outstanding.get(line.source_line_id or 0, ZERO)
        if line.base_qty > left:
            raise ValidationError(
                "return_exceeds_loan",
                line_no=line.line_no,
                requested=plain(line.base_qty),
                outstanding=plain(left),
            )


def _outstanding(loan: Document, uow: UnitOfWork, exclude: int | None) -> dict[int, Decimal]:
    ids = [ln.id for ln in loan.active_lines if ln.id is not None]
    returned = uow.documents.returned_qty(ids, exclude)
    return {
        ln.id: ln.base_qty - returned.get(ln.id, ZERO)
        for ln in loan.active_lines
        if ln.id is not None
    }
