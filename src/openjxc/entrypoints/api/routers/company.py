"""公司信息 for printouts: tax number, bank and account, and the logo (company settings)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Request, Response
from pydantic import BaseModel, Field

from openjxc.domain.access.permissions import Permission
from openjxc.domain.documents import print_columns
from openjxc.domain.shared.errors import ValidationError
from openjxc.entrypoints.api import replies
from openjxc.entrypoints.api.deps import CurrentActor, UowDep, new_router
from openjxc.entrypoints.api.routers.documents import DocumentTypeName
from openjxc.entrypoints.api.schemas import Create
from openjxc.services import company_profile as service

router = new_router(prefix="/company", tags=["company"])


class CompanyIn(Create):
    tax_number: str = Field(default="", max_length=20, description="税号 (统一社会信用代码)")
    bank_name: str = Field(default="", max_length=100, description="开户行")
    bank_account: str = Field(default="", max_length=40, description="账号")


class CompanyRead(BaseModel):
    tax_number: str
    bank_name: str
    bank_account: str
    logo: bool = Field(description="true: printouts carry the logo (GET /company/logo)")


def _read(uow: UowDep) -> CompanyRead:
    details = service.get_company_details(uow)
    return CompanyRead(
        tax_number=details.tax_number,
        bank_name=details.bank_name,
        bank_account=details.bank_account,
        logo=service.get_company_logo(uow) is not None,
    )


@router.get("", response_model=CompanyRead)
def get_company(uow: UowDep, actor: CurrentActor) -> CompanyRead:
    """The company's tax number, bank and account, and whether a logo is set."""
    actor.require(Permission.ORGANISATION_READ)
    return _read(uow)


@router.put("", response_model=CompanyRead)
@replies.resource("/company")
def set_company(body: CompanyIn, uow: UowDep, actor: CurrentActor) -> CompanyRead:
    """Replace the tax number, bank and account (all or nothing; checked)."""
    details = service.CompanyDetails(body.tax_number, body.bank_name, body.bank_account)
    service.set_company_details(details, actor, uow)
    return _read(uow)


@router.get("/logo", responses={200: {"content": {"image/png": {}}}})
def get_logo(uow: UowDep, actor: CurrentActor) -> Response:
    """The logo as printouts embed it (a PNG of at most 600 × 200 pixels)."""
    actor.require(Permission.ORGANISATION_READ)
    png = service.get_company_logo(uow)
    if png is None:
        return Response(status_code=204)
    return Response(png, media_type="image/png")


@router.put("/logo", response_model=CompanyRead)
@replies.resource("/company")
async def set_logo(request: Request, uow: UowDep, actor: CurrentActor) -> CompanyRead:
    """Upload the logo as the request body (PNG, JPEG, GIF or WebP, at most 512 KB)."""
    content = await request.body()
    if not content:
        raise ValidationError("required", field="logo")
    service.set_company_logo(content, actor, uow)
    return _read(uow)


@router.delete("/logo", response_model=CompanyRead)
@replies.resource("/company")
def remove_logo(uow: UowDep, actor: CurrentActor) -> CompanyRead:
    """Print without a logo."""
    service.remove_company_logo(actor, uow)
    return _read(uow)


class PrintColumnRead(BaseModel):
    key: str
    label: str = Field(description="the column's heading (English; the print view translates)")
    default: bool = Field(description="printed when the company has not chosen")


class PrintColumnsRead(BaseModel):
    type: str
    available: list[PrintColumnRead]
    chosen: list[str] = Field(description="the keys printed, in print order")
    customised: bool = Field(description="false: the type prints its defaults")


def _print_columns(uow: UowDep) -> list[PrintColumnsRead]:
    stored = service.get_print_columns(uow)
    result = []
    for kind in print_columns.PRINTABLE_TYPES:
        available = print_columns.columns_of(kind)
        chosen = stored.get(kind) or [c.key for c in available if c.default]
        result.append(
            PrintColumnsRead(
                type=kind,
                available=[
                    PrintColumnRead(key=c.key, label=c.label, default=c.default) for c in available
                ],
                chosen=[c.key for c in available if c.key in chosen],
                customised=bool(stored.get(kind)),
            )
        )
    return result


@router.get("/print-columns", response_model=list[PrintColumnsRead])
def get_print_columns(uow: UowDep, actor: CurrentActor) -> list[PrintColumnsRead]:
    """打印设置: per document type, the columns it can print and those it prints."""
    actor.require(Permission.ORGANISATION_READ)
    return _print_columns(uow)


@router.put("/print-columns", response_model=list[PrintColumnsRead])
@replies.resource("/company/print-columns")
def set_print_columns(
    body: dict[DocumentTypeName, list[Annotated[str, Field(max_length=32)]]],
    uow: UowDep,
    actor: CurrentActor,
) -> list[PrintColumnsRead]:
    """Choose the printed columns of the types given (the others keep theirs); the defaults
    of a type, or an empty list, return it to its defaults. All or nothing."""
    actor.require(Permission.ORGANISATION_WRITE)
    service.set_print_columns({str(kind): keys for kind, keys in body.items()}, actor, uow)
    return _print_columns(uow)
