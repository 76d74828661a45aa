"""Units of measure of a product: one base (stock) unit, any number of others with a factor.

1 箱 = 24 瓶 is the unit 箱 with factor 24 over the base unit 瓶. Quantities are kept in the
base unit; ``base_unit_decimals`` says how finely it divides (0 for 个, 3 for kg), so a
factor must itself be a whole number of base units at that precision.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from openjxc.domain.catalog.barcodes import barcode as check_barcode
from openjxc.domain.shared import checks, text
from openjxc.domain.shared.errors import Conflict, ValidationError
from openjxc.domain.shared.numbers import QTY_SCALE, exact, plain, to_decimal

UNIT_NAME_LENGTH = 16


@dataclass(frozen=True)
class UnitSpec:
    """A unit as entered: ``factor`` and ``barcode`` are raw until ``plan_units`` checks them."""

    name: str
    factor: object
    barcode: str | None = None


@dataclass(frozen=True)
class UnitPlan:
    """Checked units and barcodes, ready to be applied to a product."""

    base_unit: str
    base_unit_decimals: int
    units: tuple[tuple[str, Decimal], ...]
    #: every (barcode, unit name) of the product, base unit included
    barcodes: tuple[tuple[str, str], ...]


def unit_name(value: object, field: str = "base_unit") -> str:
    return text.name(value, field, max_length=UNIT_NAME_LENGTH)


def decimals_of(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def unit_factor(
    value: object, unit: str, base_unit: str, base_decimals: int, field: str
) -> Decimal:
    """How many base units one ``unit`` holds: a number > 0, whole at the base precision."""
    try:
        number = to_decimal(value, field)
    except ValidationError:
        raise ValidationError(
            "unit_factor_not_a_number", field=field, unit=unit, value=str(value)[:40]
        ) from None
    if number <= 0:
        raise ValidationError("unit_factor_not_positive", field=field, unit=unit, value=str(value))
    if decimals_of(number) > base_decimals:
        raise ValidationError(
            "unit_factor_not_whole",
            field=field,
            unit=unit,
            value=str(value),
            base_unit=base_unit,
            scale=base_decimals,
        )
    return exact(number, QTY_SCALE, field)


def plan_units(
    base_unit: object,
    base_unit_decimals: object,
    units: Sequence[UnitSpec],
    barcodes: Sequence[object],
) -> UnitPlan:
    """Check the base unit, the other units and all barcodes of one product.

    A unit name may appear once (and never as the base unit); a barcode once in the product
    (that it is unique across products is the service's job: it needs the database).
    """
    base = unit_name(base_unit)
    decimals = checks.whole(base_unit_decimals, "base_unit_decimals", 0, QTY_SCALE)
    names = {base}
    checked: list[tuple[str, Decimal]] = []
    codes: list[tuple[str, str]] = [
        (check_barcode(b, f"barcodes.{i}"), base) for i, b in enumerate(barcodes)
    ]
    for i, spec in enumerate(units):
        name = unit_name(spec.name, f"units.{i}.name")
        if name in names:
            raise ValidationError("duplicate_unit", field=f"units.{i}.name", unit=name)
        names.add(name)
        checked.append((name, unit_factor(spec.factor, name, base, decimals, f"units.{i}.factor")))
        if spec.barcode:
            codes.append((check_barcode(spec.barcode, f"units.{i}.barcode"), name))
    seen: set[str] = set()
    for code, _unit in codes:
        if code in seen:
            raise Conflict("barcode_repeated", field="barcodes", value=code)
        seen.add(code)
    return UnitPlan(base, decimals, tuple(checked), tuple(codes))


def split_quantity(
    qty: Decimal, base_unit: str, units: Sequence[tuple[str, Decimal]]
) -> list[tuple[Decimal, str, Decimal]]:
    """``qty`` (in the base unit) as whole numbers of the larger units, biggest first, then
    what is left in the base unit: a list of (count, unit, factor), zero counts left out.

    Exact: ``sum(count * factor)`` is ``abs(qty)``. Only units larger than the base unit
    (factor > 1) are used; a unit that divides a base unit (1 克 = 0.001 kg) is not a way
    people count stock.
    """
    left = abs(qty)
    parts: list[tuple[Decimal, str, Decimal]] = []
    larger = sorted((u for u in units if u[1] > 1), key=lambda u: (-u[1], u[0]))
    for name, factor in larger:
        count, left = divmod(left, factor)
        if count:
            parts.append((count, name, factor))
    if left or not parts:
        parts.append((left, base_unit, Decimal(1)))
    return parts


def mixed_quantity(
    qty: Decimal, base_unit: str, units: Sequence[tuple[str, Decimal]]
) -> str | None:
    """A quantity as people count it: 1450 kg with 1 袋 = 25 kg → "58袋", 29 个 with
    1 箱 = 24 个 → "1箱5个", 1450.5 kg → "58袋0.5kg".

    ``None`` when no larger unit is in it (no such unit, or less than one of it: 3 个 with
    1 箱 = 24 个): the base figure already says it all. Nothing is rounded: the base remainder has the decimals the ledger holds
    (at most the base unit's), trailing zeros dropped, so the text converts back to ``qty``.
    """
    if not any(factor > 1 for _name, factor in units):
        return None
    parts = split_quantity(qty, base_unit, units)
    if len(parts) == 1 and parts[0][1] == base_unit:
        return None
    text = "".join(f"{plain(count)}{name}" for count, name, _factor in parts)
    return f"-{text}" if qty < 0 else text
