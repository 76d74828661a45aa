"""Products (商品): units, barcodes, tracking, valuation method, tax rate and prices."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from openjxc.domain.catalog.units import UnitPlan
from openjxc.domain.inventory.valuation.methods import ValuationMethod
from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.numbers import QTY_SCALE, exact, plain, quantity

ONE = Decimal(1)


class Tracking(StrEnum):
    NONE = "none"
    BATCH = "batch"  # every lot has a batch number, production date and expiry


@dataclass(eq=False)
class ProductUnit:
    """A unit other than the base unit: 1 ``name`` = ``factor`` base units."""

    name: str
    factor: Decimal
    id: int | None = None


@dataclass(eq=False)
class Barcode:
    """One barcode, unique across all products, naming the unit a scan means."""

    barcode: str
    unit: str
    product_id: int | None = None
    id: int | None = None


@dataclass(eq=False)
class Product:
    code: str
    name: str
    base_unit: str
    base_unit_decimals: int = 0
    spec: str = ""
    category_id: int | None = None
    units: list[ProductUnit] = field(default_factory=list)
    barcodes: list[Barcode] = field(default_factory=list)
    tracking: Tracking = Tracking.NONE
    shelf_life_days: int | None = None
    valuation_method: ValuationMethod = ValuationMethod.MOVING_AVERAGE
    tax_rate: Decimal = Decimal("0.13")
    list_price: Decimal | None = None
    purchase_price: Decimal | None = None
    min_sale_price: Decimal | None = None
    #: pinyin initials of the name, for search ("dny" finds 淡奶油)
    pinyin: str = ""
    active: bool = True
    id: int | None = None

    def factor_of(self, unit: str | None) -> Decimal:
        """Base units in one ``unit``; ``None`` or the base unit itself is 1."""
        if unit is None or unit == self.base_unit:
            return ONE
        for candidate in self.units:
            if candidate.name == unit:
                return candidate.factor
        raise ValidationError("unknown_unit", field="unit", unit=str(unit), product=self.code)

    def to_base(self, qty: object, unit: str | None = None, field: str = "qty") -> Decimal:
        """``qty`` of ``unit`` in base units, exactly; refuses what the base unit cannot hold.

        0.5 箱 of a product counted in whole 个 (1 箱 = 24 个) is 12 个; 0.1 箱 (2.4 个) is refused.
        """
        amount = quantity(qty, field)
        base = amount * self.factor_of(unit)
        exponent = base.normalize().as_tuple().exponent
        if isinstance(exponent, int) and -exponent > self.base_unit_decimals:
            raise ValidationError(
                "base_quantity_not_whole",
                field=field,
                qty=plain(amount),
                unit=unit or self.base_unit,
                base_qty=plain(base),
                base_unit=self.base_unit,
                scale=self.base_unit_decimals,
            )
        return exact(base, QTY_SCALE, field)

    def unit_of_barcode(self, code: str) -> str | None:
        return next((b.unit for b in self.barcodes if b.barcode == code), None)

    def barcodes_of(self, unit: str) -> list[str]:
        return [b.barcode for b in self.barcodes if b.unit == unit]

    def apply_units(self, plan: UnitPlan) -> None:
        """Take the checked units and barcodes, keeping the rows that stay.

        Rows are reused by name (units) and by code (barcodes): deleting a row and inserting
        its twin in one flush would trip the unique constraints, since inserts run first.
        """
        self.base_unit = plan.base_unit
        self.base_unit_decimals = plan.base_unit_decimals
        units = {u.name: u for u in self.units}
        self.units = [_reuse_unit(units.get(name), name, factor) for name, factor in plan.units]
        barcodes = {b.barcode: b for b in self.barcodes}
        self.barcodes = [
            _reuse_barcode(barcodes.get(code), code, unit) for code, unit in plan.barcodes
        ]


def _reuse_unit(unit: ProductUnit | None, name: str, factor: Decimal) -> ProductUnit:
    if unit is None:
        return ProductUnit(name, factor)
    if unit.factor != factor:
        unit.factor = factor
    return unit


def _reuse_barcode(barcode: Barcode | None, code: str, unit: str) -> Barcode:
    if barcode is None:
        return Barcode(code, unit)
    if barcode.unit != unit:
        barcode.unit = unit
    return barcode
