"""公司信息 and 打印设置: what heads every printout, and the columns each document type prints.

The head office holds the name, address and phone; the tax number, bank, account, logo and
print columns are company settings (``services.company_profile``). A refused value is shown
on its field and nothing is saved.
"""

from __future__ import annotations

from fastapi import Request, Response
from fastapi.responses import RedirectResponse
from starlette.datastructures import UploadFile

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.catalog.organisation import OrganisationKind
from openjxc.domain.documents import print_columns
from openjxc.domain.shared.errors import DomainError, ValidationError
from openjxc.entrypoints.web import forms, print_layout, session
from openjxc.entrypoints.web.deps import CurrentUser, ReadSession, UowDep, web_router
from openjxc.entrypoints.web.forms import FieldErrors
from openjxc.entrypoints.web.templating import render
from openjxc.queries import organisations as organisation_queries
from openjxc.queries import print_documents
from openjxc.queries.organisations import OrganisationRow
from openjxc.queries.rows import fields_of
from openjxc.services import company_profile, organisations
from openjxc.services.company_profile import CompanyDetails

router = web_router(prefix="/settings")

OFFICE_FIELDS = ("name", "address", "phone")
DETAIL_FIELDS = ("tax_number", "bank_name", "bank_account")


def _head_office(db: ReadSession, actor: Actor) -> OrganisationRow | None:
    rows, _ = organisation_queries.list_organisations(db, actor, None, None, 500, 0)
    return next((r for r in rows if r.kind == OrganisationKind.HEADQUARTERS), None)


def _office_form(office: OrganisationRow | None) -> dict[str, str]:
    """The head office's code, name, address and phone as the form shows them ("" before
    there is one)."""
    shown = fields_of(office) if office else {}
    return {k: str(shown[k]) if office else "" for k in ("code", *OFFICE_FIELDS)}


def _company_page(
    request: Request,
    actor: Actor,
    db: ReadSession,
    form: dict[str, str],
    exists: bool,
    errors: FieldErrors,
    status: int = 200,
) -> Response:
    values = {
        "form": form,
        "exists": exists,
        "errors": errors,
        "logo": print_documents.company(db, None)["logo"],
        "max_logo_kb": company_profile.MAX_LOGO_BYTES // 1024,
        "editable": actor.can(Permission.ORGANISATION_WRITE),
    }
    return render(request, "settings/company.html", values, status=status)


@router.get("/company")
def company(request: Request, actor: CurrentUser, db: ReadSession, uow: UowDep) -> Response:
    """公司信息: name, address, phone, tax number, bank, account and logo, as printouts show."""
    office = _head_office(db, actor)
    form = _office_form(office)
    details = company_profile.get_company_details(uow)
    form.update({k: getattr(details, k) for k in DETAIL_FIELDS})
    return _company_page(request, actor, db, form, office is not None, FieldErrors())


@router.post("/company")
def save_company(request: Request, actor: CurrentUser, db: ReadSession, uow: UowDep) -> Response:
    """Update the head office (or create it, the first time) and the company's details."""
    office = _head_office(db, actor)
    form = {k: forms.text(request.state.form, k) for k in ("code", *OFFICE_FIELDS, *DETAIL_FIELDS)}
    try:
        # checked before the head office changes, so a bad account changes nothing
        details = company_profile.check_company_details(
            CompanyDetails(*(form[k] for k in DETAIL_FIELDS))
        )
        if office is None:
            data = organisations.OrganisationData(
                form["code"],
                form["name"],
                OrganisationKind.HEADQUARTERS,
                address=form["address"],
                phone=form["phone"],
            )
            organisations.create_organisation(data, actor, uow)
        else:
            changes = {k: form[k] for k in OFFICE_FIELDS}
            organisations.update_organisation(office.code, changes, actor, uow)
        company_profile.set_company_details(details, actor, uow)
    except DomainError as error:
        errors = FieldErrors(error, session.language(request))
        return _company_page(request, actor, db, form, office is not None, errors, 422)
    session.say(request, "Company profile saved.")
    return RedirectResponse("/settings/company", status_code=303)


@router.post("/company/logo")
def upload_logo(request: Request, actor: CurrentUser, db: ReadSession, uow: UowDep) -> Response:
    """Store the uploaded logo (checked and redrawn as a small PNG), or remove it."""
    form = request.state.form
    try:
        if forms.text(form, "action") == "remove":
            company_profile.remove_company_logo(actor, uow)
            session.say(request, "Logo removed.")
        else:
            upload = form.get("logo")
            if not isinstance(upload, UploadFile):
                raise ValidationError("required", field="logo")
            content = upload.file.read(company_profile.MAX_LOGO_BYTES + 1)
            company_profile.set_company_logo(content, actor, uow)
            session.say(request, "Logo saved.")
    except DomainError as error:
        errors = FieldErrors(error, session.language(request))
        office = _head_office(db, actor)
        values = _office_form(office)
        details = company_profile.get_company_details(uow)
        values.update({k: getattr(details, k) for k in DETAIL_FIELDS})
        return _company_page(request, actor, db, values, office is not None, errors, 422)
    return RedirectResponse("/settings/company", status_code=303)


def _printing_page(
    request: Request,
    actor: Actor,
    chosen: dict[str, list[str]],
    errors: FieldErrors,
    status: int = 200,
) -> Response:
    types = []
    for kind, title in print_layout.TITLES.items():
        columns = print_columns.chosen_columns(kind, ",".join(chosen.get(kind, [])))
        types.append(
            {
                "type": kind,
                "title": title,
                "available": print_columns.columns_of(kind),
                "chosen": {c.key for c in columns},
            }
        )
    values = {
        "types": types,
        "errors": errors,
        "editable": actor.can(Permission.ORGANISATION_WRITE),
    }
    return render(request, "settings/printing.html", values, status=status)


@router.get("/printing")
def printing(request: Request, actor: CurrentUser, uow: UowDep) -> Response:
    """打印设置: the columns each document type prints with, for the whole company."""
    actor.require(Permission.ORGANISATION_READ)
    chosen = company_profile.get_print_columns(uow)
    return _printing_page(request, actor, chosen, FieldErrors())


@router.post("/printing")
def save_printing(request: Request, actor: CurrentUser, uow: UowDep) -> Response:
    """Save the columns of every type on the form; a type left at its defaults stores nothing."""
    form = request.state.form
    shown = [k for k in forms.column(form, "types") if k in print_layout.TITLES]
    posted = {kind: forms.column(form, f"col_{kind}") for kind in shown}
    try:
        company_profile.set_print_columns(posted, actor, uow, empty_is_default=False)
    except DomainError as error:
        errors = FieldErrors(error, session.language(request))
        current = company_profile.get_print_columns(uow)
        return _printing_page(request, actor, {**current, **posted}, errors, 422)
    session.say(request, "Print settings saved.")
    return RedirectResponse("/settings/printing", status_code=303)
