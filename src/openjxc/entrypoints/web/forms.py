"""Reading submitted forms and showing a service's errors beside the fields they concern."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from starlette.datastructures import FormData

from openjxc.domain.shared.errors import DomainError
from openjxc.domain.shared.numbers import plain
from openjxc.entrypoints.messages import describe


def text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def optional(form: FormData, name: str) -> str | None:
    """The field's text, or None when left empty."""
    return text(form, name) or None


def checked(form: FormData, name: str) -> bool:
    return form.get(name) in ("on", "true", "1")


def column(form: FormData, name: str) -> list[str]:
    """Every value of a repeated field (one per row of a grid), in order."""
    return [v.strip() if isinstance(v, str) else "" for v in form.getlist(name)]


def rows(form: FormData, *names: str) -> list[dict[str, str]]:
    """The rows of a grid submitted as repeated fields; a row left entirely empty is dropped."""
    columns = {name: column(form, name) for name in names}
    size = max((len(values) for values in columns.values()), default=0)
    table = [
        {name: values[i] if i < len(values) else "" for name, values in columns.items()}
        for i in range(size)
    ]
    return [row for row in table if any(row.values())]


class FieldErrors:
    """A service's refusal, as one message per field (``units.1.factor``) and a summary."""

    def __init__(self, error: DomainError | None = None, language: str = "zh-CN"):
        self.summary = ""
        self.fields: dict[str, str] = {}
        self.lines: dict[int, str] = {}
        self.rows: list[str] = []  # an imported file's bad rows, each named by its number
        if error is None:
            return
        body = describe(error, language)
        self.summary = body["message"]
        for detail in body["details"]:
            message = detail.get("message") or body["message"]
            if "row" in detail:
                self.rows.append(str(message))
            elif "line_no" in detail:
                self.lines[int(detail["line_no"])] = str(message)
            elif "field" in detail:
                self.fields[str(detail["field"])] = str(message)

    def __bool__(self) -> bool:
        return bool(self.summary)

    def get(self, field: str) -> str:
        return self.fields.get(field, "")

    def line(self, line_no: int) -> str:
        return self.lines.get(line_no, "")

    def as_dict(self) -> dict[str, Any]:
        return {"summary": self.summary, "fields": self.fields, "lines": self.lines}


def percent(value: object) -> str:
    """A stored rate (0.13) as people read and type it (13%)."""
    if value in (None, ""):
        return ""
    return plain(Decimal(str(value)) * 100) + "%"
