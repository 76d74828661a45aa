"""The rule that makes a product code when none is given (商品编码规则).

A rule is a template with one sequence placeholder, e.g. ``{category}{seq:04d}`` (the
default: the leaf category's code + a 4-digit number counted per category, 大类码+子类码+流水号
when subcategory codes extend their parent's, 01 → 0101 → 01010001) or ``P{seq:05d}``
(P00001, one sequence for all). ``{category_path}`` joins the codes from root to leaf, for
trees whose codes do not repeat their parent's (01 → A → 01A0001). The sequence is counted
per *prefix*: the template rendered without its ``{seq}``.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from dataclasses import dataclass

from openjxc.domain.shared import text
from openjxc.domain.shared.errors import ValidationError

DEFAULT_RULE = "{category}{seq:04d}"
FIELDS = ("category", "category_path", "seq")
_SEQ_FORMAT = re.compile(r"^(0[1-9])?d?$")
_LITERAL = re.compile(r"^[A-Za-z0-9._\-]*$")
CODE_LENGTH = 32


@dataclass(frozen=True)
class CodeRule:
    template: str

    @classmethod
    def parse(cls, template: object) -> CodeRule:
        """Check a template: known placeholders only, ``{seq}`` exactly once."""
        rule = str(template or "").strip()
        try:
            parts = list(string.Formatter().parse(rule))
        except ValueError:
            raise ValidationError("invalid_code_rule", field="rule", value=rule[:64]) from None
        seqs = 0
        for literal, name, spec, conversion in parts:
            if not _LITERAL.match(literal) or conversion:
                raise ValidationError("invalid_code_rule", field="rule", value=rule[:64])
            if name is None:
                continue
            if name not in FIELDS or (name != "seq" and spec):
                raise ValidationError("invalid_code_rule", field="rule", value=rule[:64])
            if name == "seq":
                seqs += 1
                if not _SEQ_FORMAT.match(spec or ""):
                    raise ValidationError("invalid_code_rule", field="rule", value=rule[:64])
        if seqs != 1 or len(rule) > 64:
            raise ValidationError("invalid_code_rule", field="rule", value=rule[:64])
        return cls(rule)

    def prefix(self, category_path: Sequence[str]) -> str:
        """What the sequence is counted by: the code without its number.

        Refuses a rule whose codes would not fit a code, before any number is taken.
        """
        if len(self._render(category_path, 1)) > CODE_LENGTH:
            raise ValidationError(
                "generated_code_too_long", field="code", value=self._render(category_path, None)
            )
        return self._render(category_path, None)

    def render(self, category_path: Sequence[str], seq: int) -> str:
        return text.code(self._render(category_path, seq), "code")

    def _render(self, category_path: Sequence[str], seq: int | None) -> str:
        out: list[str] = []
        for literal, name, spec, _ in string.Formatter().parse(self.template):
            out.append(literal)
            if name == "category":
                out.append(category_path[-1] if category_path else "")
            elif name == "category_path":
                out.append("".join(category_path))
            elif name == "seq" and seq is not None:
                out.append(format(seq, spec or "d"))
        return "".join(out)
