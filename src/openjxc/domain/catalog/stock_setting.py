"""Stock levels wanted per product and warehouse: 最低库存, reorder point, maximum."""

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

    @property
    def is_empty(self) -> bool:
        return self.safety_stock is None and self.reorder_point is None and self.max_stock is None
