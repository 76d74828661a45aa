"""PDF downloads of the print views, drawn with fpdf2 (pure Python) in a system CJK font.

WeasyPrint would render the HTML itself but needs Pango and friends on every server; fpdf2
needs only a font with Chinese glyphs. The font is ``JXC_PDF_FONT`` if set, else Noto Sans CJK
SC, which the setup installs (the ``noto-cjk-sans-otc`` package), else one of Debian's usual CJK
fonts. Without one there is no PDF (the caller says how to get a font) rather than a PDF of
empty boxes.
"""

from __future__ import annotations

import base64
import io
import os
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

import barcode
import segno
from barcode.writer import ImageWriter
from fontTools.ttLib import TTCollection
from fpdf import FPDF
from fpdf.fonts import FontFace

from openjxc.queries.trading.statements import StatementLine

Translate = Callable[[str], str]
FONT = "cjk"
CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)
_SIZES = {"a4": 10.0, "half": 9.0, "third": 8.0}


#: the face of Noto Sans CJK's collection drawn with: simplified Chinese glyph forms
BUNDLED_FACE = "Noto Sans CJK SC"


class Font(NamedTuple):
    path: str
    face: int = 0  # which face, in a collection (.ttc)


@cache
def font() -> Font | None:
    """The CJK font PDFs are drawn with, or None when the server has none."""
    configured = os.environ.get("JXC_PDF_FONT")
    if configured and Path(configured).is_file():
        return Font(configured)
    if (bundled := _bundled()) is not None:
        return bundled
    return next((Font(path) for path in CANDIDATES if Path(path).is_file()), None)


def _bundled() -> Font | None:
    try:  # the setup installs it; a server set up by hand may lack it
        path = str(resources.files("noto_cjk_sans_otc") / "NotoSansCJK-Regular.ttc")
    except ModuleNotFoundError:
        return None
    if not Path(path).is_file():
        return None
    faces = TTCollection(path, lazy=True).fonts
    names = [face["name"].getDebugName(4) for face in faces]
    return Font(path, names.index(BUNDLED_FACE)) if BUNDLED_FACE in names else None


def _sheet(paper: Any) -> FPDF | None:
    chosen = font()
    if chosen is None:
        return None
    pdf = FPDF(orientation="P", unit="mm", format=(paper.width_mm, paper.height_mm))
    pdf.set_margins(paper.margin_mm, paper.margin_mm, paper.margin_mm)
    pdf.set_auto_page_break(True, margin=paper.margin_mm)
    pdf.add_font(FONT, "", chosen.path, collection_font_number=chosen.face)
    pdf.set_font(FONT, size=_SIZES[paper.key])
    pdf.add_page()
    return pdf


def _png_qr(text: str) -> io.BytesIO:
    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="png", scale=4, border=1)
    out.seek(0)
    return out


def _png_barcode(text: str) -> io.BytesIO:
    out = io.BytesIO()
    code = barcode.get("code128", text, writer=ImageWriter())
    code.write(out, options={"write_text": False, "module_height": 8, "quiet_zone": 2})
    out.seek(0)
    return out


def _header(pdf: FPDF, company: Mapping[str, Any], title: str, t: Translate) -> None:
    """Logo (left), name, address and phone, tax number and bank; then the title."""
    size, top = pdf.font_size_pt, pdf.get_y()
    indent, logo_h = 0.0, 12.0 if size >= 10 else 9.0
    if company.get("logo"):
        png = io.BytesIO(base64.b64decode(str(company["logo"]).split(",", 1)[1]))
        drawn = pdf.image(png, x=pdf.l_margin, y=top, h=logo_h)
        indent = float(drawn.rendered_width) + 3

    def line(text: str, font_size: float) -> None:
        pdf.set_font(FONT, size=font_size)
        pdf.set_x(pdf.l_margin + indent)
        pdf.cell(0, None, text, new_x="LMARGIN", new_y="NEXT")

    line(str(company.get("name") or ""), size + 3)
    contact = " · ".join(
        x
        for x in (
            company.get("address"),
            company.get("phone") and f"{t('Tel.')} {company['phone']}",
        )
        if x
    )
    if contact:
        line(contact, size - 1)
    bank = " · ".join(
        x
        for x in (
            company.get("tax_number") and f"{t('Tax number')}: {company['tax_number']}",
            company.get("bank_account")
            and f"{t('Bank')}: {company.get('bank_name') or ''} {company['bank_account']}",
        )
        if x
    )
    if bank:
        line(bank, size - 1)
    if indent:
        pdf.set_y(max(pdf.get_y(), top + logo_h + 1))
    pdf.set_font(FONT, size=size + 5)
    pdf.cell(0, None, title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=size)


def _meta(pdf: FPDF, pairs: list[tuple[str, str]]) -> None:
    width = (pdf.w - pdf.l_margin - pdf.r_margin) / 3
    for index, (label, value) in enumerate(pairs):
        last = index % 3 == 2 or index == len(pairs) - 1
        pdf.cell(
            width,
            pdf.font_size * 1.5,
            f"{label}: {value}",
            new_x="LMARGIN" if last else "RIGHT",
            new_y="NEXT" if last else "TOP",
        )
    pdf.ln(1)


def _text(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == "money" and isinstance(value, Decimal):
        return f"{value:,.2f}"
    if kind == "rate" and isinstance(value, Decimal):
        return f"{(value * 100).normalize():f}%"
    if isinstance(value, Decimal):
        text = f"{value.normalize():f}"
        return text
    return str(value)


def _signatures(pdf: FPDF, labels: list[str]) -> None:
    pdf.ln(3)
    width = (pdf.w - pdf.l_margin - pdf.r_margin) / max(len(labels), 1)
    for label in labels:
        pdf.cell(width, None, label + ": ____________")
    pdf.ln()


def document_pdf(pages: Sequence[Mapping[str, Any]], t: Translate) -> bytes | None:
    """The print views of documents as PDF bytes (each from a new page, all on the first's
    paper), or None without a CJK font."""
    pdf = _sheet(pages[0]["paper"])
    if pdf is None:
        return None
    for number, values in enumerate(pages):
        if number:
            pdf.add_page()
        _document(pdf, values, t)
    return bytes(pdf.output())


def _document(pdf: FPDF, values: Mapping[str, Any], t: Translate) -> None:
    doc = values["doc"]
    code_w = 40 if values["paper"].key != "third" else 30
    top = pdf.get_y()
    pdf.image(
        _png_barcode(doc["number"]), x=pdf.w - pdf.r_margin - code_w - 16, y=top, w=code_w, h=9
    )
    pdf.image(_png_qr(doc["number"]), x=pdf.w - pdf.r_margin - 14, y=top, w=14, h=14)
    _header(pdf, doc["company"], values["title"], t)
    if values.get("red_of") is not None:  # 红字: the mark in red, and whose figures it negates
        pdf.set_text_color(204, 0, 0)
        mark = t("Red letter: reverses %(number)s") % {"number": values["red_of"]}
        pdf.cell(0, None, mark, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
    pairs = [(t("Number"), doc["number"]), (t("Date"), str(doc["date"]))]
    if doc.get("partner_info"):
        label = t("Customer") if doc["type"].startswith("sales") else t("Supplier")
        pairs.append((label, doc["partner_info"]["name"]))
    where = doc["warehouse_name"] + (
        f" → {doc['to_warehouse_name']}" if doc.get("to_warehouse_name") else ""
    )
    pairs.append((t("Warehouse"), where))
    _meta(pdf, pairs)
    columns = values["columns"]
    align = ["RIGHT" if c.kind != "text" else "LEFT" for c in columns]
    with pdf.table(
        text_align=tuple(align),
        headings_style=FontFace(emphasis=None),
        line_height=pdf.font_size * 1.6,
    ) as table:
        row = table.row()
        for c in columns:
            row.cell(t(c.label))
        for line in values["lines"]:
            row = table.row()
            for c in columns:
                row.cell(_text(line.get(c.key), c.kind))
    pdf.ln(1)
    totals = values["totals"]
    parts = [t("Total") + ":"]
    if totals["qty"] is not None:
        parts.append(f"{_text(totals['qty'], 'qty')} {totals['unit'] or ''}")
    if totals.get("order_discount"):
        parts.append(f"{t('Order discount')}: ¥{totals['order_discount']:,.2f}")
    if totals["money"] is not None:
        parts += [f"¥{totals['money']:,.2f}", f"{t('In words')}: {totals['words']}"]
    pdf.multi_cell(0, None, "   ".join(parts), new_x="LMARGIN", new_y="NEXT")
    names = [t(s) for s in values["signatures"]]
    filled = [doc.get("created_by") or "", doc.get("approved_by") or ""]
    _signatures(
        pdf, [f"{n} {filled[i] if i < len(filled) else ''}".strip() for i, n in enumerate(names)]
    )


def statement_pdf(values: Mapping[str, Any], t: Translate) -> bytes | None:
    """往来对账单 as PDF bytes, or None without a CJK font."""
    pdf = _sheet(values["paper"])
    if pdf is None:
        return None
    st = values["st"]
    _header(pdf, st["company"], t("Statement of account"), t)
    account = t("Receivable") if st["account"] == "receivable" else t("Payable")
    _meta(
        pdf,
        [
            (t("Partner"), f"{st['partner_info']['name']} ({st['partner_info']['code']})"),
            (t("Account"), account),
            (t("Period"), f"{st['since']} – {st['until']}"),
        ],
    )
    heads = ("Date", "Document", "Due date", "Increase", "Decrease", "Running balance")
    align = ("LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT")
    with pdf.table(
        text_align=align, headings_style=FontFace(emphasis=None), col_widths=(2, 3.2, 2, 2, 2, 2)
    ) as table:
        row = table.row()
        for head in heads:
            row.cell(t(head))
        row = table.row()
        for text in (t("Opening balance"), "", "", "", "", _text(st["opening"], "money")):
            row.cell(text)
        lines: Sequence[StatementLine] = st["lines"]
        for line in lines:
            amount = line.amount
            row = table.row()
            for text in (
                str(line.date),
                line.number or "",
                str(line.due_date or ""),
                _text(amount, "money") if amount > 0 else "",
                _text(-amount, "money") if amount < 0 else "",
                _text(line.balance, "money"),
            ):
                row.cell(text)
        row = table.row()
        for text in (
            t("Total"),
            "",
            "",
            _text(st["increase"], "money"),
            _text(st["decrease"], "money"),
            _text(st["closing"], "money"),
        ):
            row.cell(text)
    pdf.ln(1)
    pdf.multi_cell(
        0,
        None,
        f"{t('Closing balance in words')}: {values['words']}",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    _signatures(pdf, [t("Prepared by"), t("Approved by"), t("Confirmed by (partner)")])
    return bytes(pdf.output())
