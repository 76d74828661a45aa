"""打印: print views of documents and partner statements, on A4 or 241 mm forms, and as PDF."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import Query, Request, Response
from sqlalchemy.orm import Session

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.documents import print_columns
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.money_words import money_in_words
from openjxc.entrypoints.web import print_layout, print_pdf, session
from openjxc.entrypoints.web.deps import CurrentUser, ReadSession, web_router
from openjxc.entrypoints.web.i18n import Translator
from openjxc.entrypoints.web.labels import STATUS_LABELS, TYPE_LABELS
from openjxc.entrypoints.web.params import DateFrom, DateTo
from openjxc.entrypoints.web.route import same_site_referer
from openjxc.entrypoints.web.templating import render
from openjxc.queries import print_documents

router = web_router(prefix="/print")
PaperKey = Literal["a4", "half", "third"]
Cols = Annotated[list[str], Query(max_length=40)]
Refs = Annotated[list[str], Query()]  # counted in _batch, to say how many at most
BATCH = 100  # documents printed at once


def _document_page(
    request: Request, db: Session, actor: Actor, ref: str, paper: str, col: list[str]
) -> dict[str, Any]:
    t = Translator(session.language(request))
    doc = print_documents.printable_document(db, actor, ref)
    # columns picked for this printout, else the company's choice for the type (打印设置)
    wanted = ",".join(col) if col else print_documents.print_columns(db, doc["type"])
    sees_costs = actor.can(Permission.PRICE_READ)
    chosen = print_columns.chosen_columns(doc["type"], wanted)
    short = any(line.get("short_qty") for line in doc["lines"])
    columns = print_columns.visible_columns(
        doc["type"], print_columns.with_receipt(doc["type"], chosen, short), sees_costs
    )
    lines = print_layout.lines_for_print(doc)
    return {
        "doc": doc,
        "title": t(print_layout.TITLES.get(doc["type"], TYPE_LABELS.get(doc["type"], doc["type"]))),
        "status": STATUS_LABELS.get(doc["status"], doc["status"]),
        "red_of": print_layout.red_of(doc),
        "paper": print_layout.PAPERS[paper],
        "papers": print_layout.PAPERS,
        "columns": columns,
        "available": print_columns.visible_columns(
            doc["type"], print_columns.columns_of(doc["type"]), sees_costs
        ),
        "lines": lines,
        "totals": print_layout.totals(doc, lines, columns),
        "signatures": print_layout.signatures(doc["type"]),
        "qr": print_layout.qr_svg(doc["number"]),
        "barcode": print_layout.barcode_svg(doc["number"]),
        "printed_at": clock.today(),
        "cols": ",".join(c.key for c in columns),
        "back": f"/{'stocktakes' if doc['type'] == 'stocktake' else 'documents'}/{doc['number']}",
    }


@router.get("/documents/{ref}")
def print_document(
    ref: str,
    request: Request,
    actor: CurrentUser,
    db: ReadSession,
    paper: PaperKey = "a4",
    col: Cols = [],  # noqa: B006 - FastAPI copies the default
) -> Response:
    """The document ready to print: header, codes, lines, totals with 大写金额, signatures."""
    values = _document_page(request, db, actor, ref, paper, col)
    return render(request, "print_document.html", {**values, "pages": [values]})


@router.get("/documents/{ref}/pdf")
def print_document_pdf(
    ref: str,
    request: Request,
    actor: CurrentUser,
    db: ReadSession,
    paper: PaperKey = "a4",
    col: Cols = [],  # noqa: B006 - FastAPI copies the default
) -> Response:
    """The same page as a PDF file (fpdf2 with the system's CJK font)."""
    values = _document_page(request, db, actor, ref, paper, col)
    t = Translator(session.language(request))
    content = print_pdf.document_pdf([values], t)
    if content is None:
        return _no_font(request, t)
    return _pdf(content, values["doc"]["number"])


def _batch(
    request: Request, db: Session, actor: Actor, refs: list[str], paper: str
) -> list[dict[str, Any]]:
    if not refs:
        raise ValidationError("nothing_to_print")
    if len(refs) > BATCH:
        raise ValidationError("too_many_to_print", limit=BATCH)
    return [_document_page(request, db, actor, ref, paper, []) for ref in dict.fromkeys(refs)]


@router.get("/batch")
def print_batch(
    request: Request,
    actor: CurrentUser,
    db: ReadSession,
    ref: Refs = [],  # noqa: B006 - FastAPI copies the default
    paper: PaperKey = "a4",
) -> Response:
    """The documents ticked in a list, one after the other (each starts a new sheet), with
    the columns the company prints for their types."""
    pages = _batch(request, db, actor, ref, paper)
    back = same_site_referer(request) or "/documents"
    values = {"pages": pages, "paper": print_layout.PAPERS[paper], "back": back}
    return render(request, "print_document.html", {**values, "papers": print_layout.PAPERS})


@router.get("/batch/pdf")
def print_batch_pdf(
    request: Request,
    actor: CurrentUser,
    db: ReadSession,
    ref: Refs = [],  # noqa: B006 - FastAPI copies the default
    paper: PaperKey = "a4",
) -> Response:
    """The ticked documents as one PDF file, each from a new page."""
    pages = _batch(request, db, actor, ref, paper)
    t = Translator(session.language(request))
    content = print_pdf.document_pdf(pages, t)
    if content is None:
        return _no_font(request, t)
    return _pdf(content, f"documents-{clock.today().isoformat()}")


def _statement_values(
    request: Request,
    db: Session,
    actor: Actor,
    partner: str,
    account: str,
    since: date | None,
    until: date | None,
    paper: str,
) -> dict[str, Any]:
    until = until or clock.today()
    since = since or until.replace(day=1)
    data = print_documents.printable_statement(db, actor, partner, account, since, until)
    return {
        "st": data,
        "paper": print_layout.PAPERS[paper],
        "papers": print_layout.PAPERS,
        "words": money_in_words(data["closing"]),
        "printed_at": clock.today(),
        "query": {"partner": partner, "account": account, "from": since, "to": until},
        "back": "/print/statement",
    }


@router.get("/statement")
def print_statement(
    request: Request,
    actor: CurrentUser,
    db: ReadSession,
    partner: Annotated[str | None, Query(max_length=32)] = None,
    account: Literal["receivable", "payable"] = "receivable",
    date_from: DateFrom = None,
    date_to: DateTo = None,
    paper: PaperKey = "a4",
) -> Response:
    """往来对账单 ready to print; without a partner, the form that asks for one."""
    if not partner:
        today = clock.today()
        values = {"today": today, "first": today.replace(day=1)}
        return render(request, "print_statement_form.html", values)
    values = _statement_values(request, db, actor, partner, account, date_from, date_to, paper)
    return render(request, "print_statement.html", values)


@router.get("/statement/pdf")
def print_statement_pdf(
    request: Request,
    actor: CurrentUser,
    db: ReadSession,
    partner: Annotated[str, Query(max_length=32)],
    account: Literal["receivable", "payable"] = "receivable",
    date_from: DateFrom = None,
    date_to: DateTo = None,
    paper: PaperKey = "a4",
) -> Response:
    """往来对账单 as a PDF file."""
    values = _statement_values(request, db, actor, partner, account, date_from, date_to, paper)
    t = Translator(session.language(request))
    content = print_pdf.statement_pdf(values, t)
    if content is None:
        return _no_font(request, t)
    return _pdf(content, f"statement-{partner}")


def _pdf(content: bytes, name: str) -> Response:
    return Response(
        content,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}.pdf"'},
    )


def _no_font(request: Request, t: Translator) -> Response:
    message = t(
        "PDF needs a Chinese font on the server: reinstall OpenJXC (it brings noto-cjk-sans-otc) or set JXC_PDF_FONT."
    )
    return render(
        request, "error.html", {"title": "503", "message": message, "status": 503}, status=503
    )
