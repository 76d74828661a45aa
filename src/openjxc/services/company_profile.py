"""公司信息 beyond the head office's name, address and phone: tax number, bank, logo, and the
columns each document type prints with. All are company settings (the ``setting`` table).

The logo is decoded and drawn again as a small PNG before it is stored, so what printouts
embed is always an image we made, never the uploaded bytes.
"""

from __future__ import annotations

import base64
import io
import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from PIL import Image, UnidentifiedImageError

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.documents import print_columns
from openjxc.domain.shared import text
from openjxc.domain.shared.errors import ValidationError
from openjxc.services.unit_of_work import UnitOfWork

DETAILS, LOGO, PRINT_COLUMNS = "company_details", "company_logo", "print_columns"
MAX_LOGO_BYTES = 512 * 1024
MAX_LOGO_PIXELS = 4000 * 4000  # larger is refused before it is decoded (no pixel bombs)
LOGO_BOX = (600, 200)  # the stored logo fits in this many pixels
LOGO_FORMATS = frozenset({"PNG", "JPEG", "GIF", "WEBP"})
_TAX_NUMBER = re.compile(r"[0-9A-Z]{15,20}")  # 统一社会信用代码 is 18; older numbers 15–20
_BANK_ACCOUNT = re.compile(r"\d[\d -]{4,38}\d")


@dataclass(frozen=True)
class CompanyDetails:
    tax_number: str = ""
    bank_name: str = ""
    bank_account: str = ""


def get_company_details(uow: UnitOfWork) -> CompanyDetails:
    """The tax number and bank account printouts carry (empty until set)."""
    with uow:
        stored = uow.settings.get(DETAILS, {})
    return CompanyDetails(**{k: str(stored.get(k, "")) for k in CompanyDetails.__annotations__})


def set_company_details(data: CompanyDetails, actor: Actor, uow: UnitOfWork) -> CompanyDetails:
    """Change the tax number (税号), bank (开户行) and account (账号); all or nothing."""
    actor.require(Permission.ORGANISATION_WRITE)
    checked = check_company_details(data)
    with uow:
        before = uow.settings.get(DETAILS, {})
        if before != asdict(checked):
            uow.settings.put(DETAILS, asdict(checked))
            uow.audit.record(actor, "setting.update", "setting", DETAILS, before, asdict(checked))
        uow.commit()
    return checked


def check_company_details(data: CompanyDetails) -> CompanyDetails:
    """``data`` trimmed and checked (a screen saving more than these checks them first)."""
    tax_number = text.optional_text(data.tax_number, "tax_number", 20).upper()
    if tax_number and not _TAX_NUMBER.fullmatch(tax_number):
        raise ValidationError("invalid_tax_number", field="tax_number", value=tax_number)
    account = " ".join(text.optional_text(data.bank_account, "bank_account", 40).split())
    if account and not _BANK_ACCOUNT.fullmatch(account):
        raise ValidationError("invalid_bank_account", field="bank_account", value=account)
    return CompanyDetails(tax_number, text.optional_text(data.bank_name, "bank_name", 100), account)


def get_company_logo(uow: UnitOfWork) -> bytes | None:
    """The stored logo (a PNG we drew), or None."""
    with uow:
        stored = uow.settings.get(LOGO, {})
    data = stored.get("data") if isinstance(stored, dict) else None
    return base64.b64decode(data) if data else None


def set_company_logo(content: bytes, actor: Actor, uow: UnitOfWork) -> None:
    """Store ``content`` (PNG, JPEG, GIF or WebP, at most 512 KB) as the printouts' logo."""
    actor.require(Permission.ORGANISATION_WRITE)
    png = _logo_png(content)
    with uow:
        uow.settings.put(LOGO, {"media_type": "image/png", "data": base64.b64encode(png).decode()})
        uow.audit.record(actor, "setting.update", "setting", LOGO, after={"bytes": len(png)})
        uow.commit()


def remove_company_logo(actor: Actor, uow: UnitOfWork) -> None:
    """Print without a logo from now on."""
    actor.require(Permission.ORGANISATION_WRITE)
    with uow:
        if uow.settings.get(LOGO):
            uow.settings.put(LOGO, {})
            uow.audit.record(actor, "setting.update", "setting", LOGO, after={"bytes": 0})
        uow.commit()


def _logo_png(content: bytes) -> bytes:
    if not content:
        raise ValidationError("required", field="logo")
    if len(content) > MAX_LOGO_BYTES:
        raise ValidationError("logo_too_large", field="logo", max_kb=MAX_LOGO_BYTES // 1024)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(content))
            if image.format not in LOGO_FORMATS:
                raise ValidationError("logo_not_an_image", field="logo")
            if image.width * image.height > MAX_LOGO_PIXELS:
                raise ValidationError("logo_too_large", field="logo", max_kb=MAX_LOGO_BYTES // 1024)
            image.load()
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        ValueError,
        Image.DecompressionBombWarning,
        Image.DecompressionBombError,
    ):
        raise ValidationError("logo_not_an_image", field="logo") from None
    drawn = image.convert("RGBA")  # drawn again: nothing of the upload but its pixels
    drawn.thumbnail(LOGO_BOX)
    out = io.BytesIO()
    drawn.save(out, format="PNG", optimize=True)
    return out.getvalue()


def get_print_columns(uow: UnitOfWork) -> dict[str, list[str]]:
    """The columns chosen per document type (a type not named prints its defaults)."""
    with uow:
        stored = uow.settings.get(PRINT_COLUMNS, {})
    return {k: list(v) for k, v in stored.items()}


def set_print_columns(
    choices: Mapping[str, Sequence[str]],
    actor: Actor,
    uow: UnitOfWork,
    *,
    empty_is_default: bool = True,
) -> dict[str, list[str]]:
    """Choose the printed columns of some document types, each a column the type can print;
    its defaults, or an empty list when ``empty_is_default``, return it to its defaults
    (nothing stored). All or nothing."""
    actor.require(Permission.ORGANISATION_WRITE)
    checked: dict[str, list[str]] = {}
    for kind, columns in choices.items():
        if kind not in print_columns.PRINTABLE_TYPES:
            raise ValidationError("invalid_choice", field="type", value=kind[:32])
        if columns or not empty_is_default:
            checked[kind] = print_columns.setting_columns(kind, columns)
        else:
            checked[kind] = []
    with uow:
        before: dict[str, Any] = uow.settings.get(PRINT_COLUMNS, {})
        after = {k: v for k, v in {**before, **checked}.items() if v}
        if after != before:
            uow.settings.put(PRINT_COLUMNS, after)
            uow.audit.record(actor, "setting.update", "setting", PRINT_COLUMNS, before, after)
        uow.commit()
    return after
