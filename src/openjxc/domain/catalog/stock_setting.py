"""Stock levels wanted per product and warehouse: 最低库存, reorder point, maximum, and the
strategic reserve (战略储备): stock only strategic customers' orders may draw on."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from openjxc.domain.shared.errors import ValidationError

#: checked pairwise in this order: safety stock <= reorder point <= maximum
LEVELS = ("safety_stock", "reorder_point", "max_stock")


@dataclass(eq=False)
class StockSetting:
    """Quantities are in the product's base unit; ``None`` means not set."""

    product_id: int
    warehouse_id: int
    safety_stock: Decimal | None = None
    reorder_point: Decimal | None = None
    max_stock: Decimal | None = None
    strategic_reserve: Decimal | None = None
    id: int | None = None

    def set_levels(
        self, safety_stock: Decimal | None, reorder_point: Decimal | None, max_stock: Decimal | None
    ) -> None:
        values = dict(zip(LEVELS, (safety_stock, reorder_point, max_stock), strict=True))
        for name, value in values.items():
            if value is not None and value < 0:
                raise ValidationError("negative", field=name)
        for i, lower in enumerate(LEVELS):
            for upper in LEVELS[i + 1 :]:
                low, high = values[lower], values[upper]
                if low is not None and high is not None and low > high:
                    raise ValidationError(
                        "stock_levels_out_of_order", field=lower, other_field=upper
                    )
        self.safety_stock = safety_stock
        self.reorder_point = reorder_point
        self.max_stock = max_stock

    def set_strategic_reserve(self, quantity: Decimal | None) -> None:
        """Keep ``quantity`` back from every order but strategic customers' (None: no reserve)."""
        if quantity is not None and quantity < 0:
            raise ValidationError("negative", field="strategic_reserve")
        self.strategic_reserve = quantity or None

    @property
    def is_empty(self) -> bool:
        levels = (self.safety_stock, self.reorder_point, self.max_stock, self.strategic_reserve)
        return all(level is None for level in levels)
