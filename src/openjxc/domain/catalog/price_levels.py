"""Price levels (价格等级): a customer at level n gets each product's level-n price (等级价).

Levels are numbers 1–10 in the data; people know them by name (零售价, 批发价, 会员价 …).
The names are a company setting; a level without a name of its own is called by its default.
"""

from __future__ import annotations

from collections.abc import Mapping

from openjxc.domain.shared import text
from openjxc.domain.shared.errors import ValidationError

PRICE_LEVELS = 10
NAME_LENGTH = 20
DEFAULT_NAMES = {1: "零售价", 2: "批发价", 3: "会员价", 4: "VIP价", 5: "经销价", 6: "代理价"}
FIELD = "price_level_names"  # a name's error names the field ``price_level_names.<level - 1>``


def default_name(level: int) -> str:
    return DEFAULT_NAMES.get(level) or f"等级价{level}"


def level_names(stored: Mapping[str, object] | None) -> dict[int, str]:
    """Every level's name: the stored one (keys are the level as text) or its default."""
    stored = stored if isinstance(stored, Mapping) else {}
    return {n: str(stored.get(str(n)) or default_name(n)) for n in range(1, PRICE_LEVELS + 1)}


def check_names(given: Mapping[int, object]) -> dict[int, str]:
    """The names to keep for levels ``given`` names (an empty name falls back to the
    default); a level outside 1–10, a name too long or two levels of one name are refused."""
    checked: dict[int, str] = {}
    for level, value in given.items():
        if not 1 <= level <= PRICE_LEVELS:
            raise ValidationError(
                "out_of_range", field="price_level", minimum="1", maximum=str(PRICE_LEVELS)
            )
        field = f"{FIELD}.{level - 1}"
        name = text.optional_text(value, field, NAME_LENGTH)
        if any(ch in name for ch in "\t\n\r"):
            raise ValidationError("invalid_characters", field=field)
        checked[level] = name or default_name(level)
    return checked


def check_distinct(names: Mapping[int, str]) -> None:
    """Two levels of one name could not be told apart on a form."""
    seen: dict[str, int] = {}
    for level, name in sorted(names.items()):
        if name in seen:
            raise ValidationError("duplicate", field=f"{FIELD}.{level - 1}", value=name)
        seen[name] = level
