"""Document number prefixes: the Chinese convention by default, a company's own
where it chose one (设置 → 单据编号).

A number is ``{PREFIX}{yyyymmdd}{seq:03d}``. A prefix is 1–6 capital letters or digits and
starts with a letter, so a number never looks like a database id and prints as a Code 128
barcode; two kinds never share one, so a number tells its kind. Changing a prefix numbers the
documents saved from then on; existing numbers stay.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from openjxc.domain.documents.types import RULES
from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.trading.payment import PaymentType

_PREFIX = re.compile(r"[A-Z][A-Z0-9]{0,5}")

#: each numbered kind (document and payment types) and its conventional prefix
DEFAULT_PREFIXES: dict[str, str] = {
    **{kind.value: rule.prefix for kind, rule in RULES.items()},
    **{kind.value: kind.prefix for kind in PaymentType},
}


def prefixes(chosen: Mapping[str, str]) -> dict[str, str]:
    """Every kind's prefix in force: the company's ``chosen`` over the defaults."""
    return {kind: chosen.get(kind, default) for kind, default in DEFAULT_PREFIXES.items()}


def checked_prefixes(wanted: Mapping[str, str]) -> dict[str, str]:
    """The company's choice to store: ``wanted`` (kind -> prefix; kinds left out keep theirs)
    checked, upper-cased, and only where it differs from the convention."""
    unknown = next((k for k in wanted if k not in DEFAULT_PREFIXES), None)
    if unknown is not None:
        raise ValidationError("invalid_choice", field="type", value=str(unknown)[:32])
    chosen = {kind: prefix.strip().upper() for kind, prefix in wanted.items()}
    for kind, prefix in chosen.items():
        if not _PREFIX.fullmatch(prefix):
            raise ValidationError("invalid_prefix", field=kind, value=prefix[:32])
    seen: dict[str, str] = {}
    for kind, prefix in prefixes(chosen).items():
        if prefix in seen:
            raise ValidationError("duplicate_prefix", field=kind, value=prefix)
        seen[prefix] = kind
    return {k: p for k, p in chosen.items() if p != DEFAULT_PREFIXES[k]}
