"""Importing products (商品): the product rules are ``services.products.check_product``'s,
the ones that need the database (barcodes held by other products, history locking the
base unit, tracking and valuation) are checked here in bulk.

A column the file lacks keeps what the product has; the extra-unit columns, when any is
given, replace the product's other units as a whole (as the product form does).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

from openjxc.domain.catalog import price_levels
from openjxc.domain.catalog.product import Product, Tracking
from openjxc.domain.catalog.units import UnitSpec
from openjxc.domain.imports.access import PERMISSIONS
from openjxc.domain.imports.columns import ImportKind
from openjxc.domain.imports.kinds.products import (
    EXTRA_UNITS,
    level_key,
    product_kind,
    unit_keys,
)
from openjxc.domain.imports.outcome import Action
from openjxc.domain.imports.plausibility import implausible
from openjxc.domain.inventory.valuation.methods import ValuationMethod
from openjxc.domain.shared import clock, text
from openjxc.domain.shared.errors import DomainError, ValidationError
from openjxc.domain.shared.pinyin import initials
from openjxc.domain.trading.tax import parse_tax_rate
from openjxc.services.imports.ports import StoredProduct
from openjxc.services.imports.rows import ParsedRow, PlanContext, Writer, diff, text_of
from openjxc.services.products import (
    LOCKED_WHEN_IN_USE,
    CheckedProduct,
    ProductData,
    check_product,
    data_of,
)
from openjxc.services.trading.price_levels import SETTING as LEVEL_NAMES
from openjxc.services.unit_of_work import UnitOfWork

LEVELS = range(1, price_levels.PRICE_LEVELS + 1)
LEVEL_KEYS = {level: level_key(level) for level in LEVELS}
WRITE_CHUNK = 5000
_UNIT_FIELD = re.compile(r"units\.(\d+)\.(name|factor|barcode)")


class ProductsHandler:
    name = "products"
    permission = PERMISSIONS["products"]

    def spec(self, uow: UnitOfWork) -> ImportKind:
        return product_kind(price_levels.level_names(uow.settings.get(LEVEL_NAMES)))

    def plan(self, rows: Sequence[ParsedRow], context: PlanContext) -> Writer:
        store = context.uow.imports
        codes: list[tuple[ParsedRow, str]] = []
        for row in rows:
            if row.outcome.ok:
                try:
                    codes.append((row, text.code(row.get("code"))))
                except DomainError as error:
                    row.fail(error)
        stored = store.products(code for _row, code in codes)
        categories = {c.code: c for c in store.categories()}
        category_code = {c.id: c.code for c in categories.values()}
        planned: list[_Planned] = []
        for row, code in codes:
            found = _check(row, code, stored.get(code), category_code, context)
            if found is not None:
                planned.append(found)
        for item in planned:
            category = item.category
            if category is not None and category not in categories:
                item.row.outcome.error(
                    "category", "unknown_reference", field="category", value=category
                )
        _check_barcodes(
            planned,
            store.barcode_holders(
                code for item in planned for code, _unit in item.checked.plan.barcodes
            ),
        )
        _check_history(planned, store.products_in_use)
        for item in planned:
            if item.old is None:
                item.row.set(Action.CREATE, {})
            else:
                changes = diff(item.before, item.after)
                item.row.set(Action.UPDATE if changes else Action.UNCHANGED, changes)
        ok = [item for item in planned if item.row.outcome.ok]
        ids = {c.code: c.id for c in categories.values()}
        return lambda: _write(ok, ids, context)


class _Planned:
    """A row checked: the product it makes, as fields to compare and to write."""

    __slots__ = ("after", "before", "category", "checked", "code", "levels", "old", "row")

    def __init__(
        self,
        row: ParsedRow,
        code: str,
        old: StoredProduct | None,
        checked: CheckedProduct,
        category: str | None,
        levels: dict[int, Decimal],
        before: dict[str, Any],
    ):
        self.row, self.code, self.old, self.checked = row, code, old, checked
        self.category, self.levels, self.before = category, levels, before
        # kept only to compare with a stored product: 100,000 new rows must not hold them all
        self.after: dict[str, Any] = {}
        if old is not None:
            self.after = self.fields()

    def fields(self) -> dict[str, Any]:
        return self.after or _fields(self.checked, self.category, self.levels)

    def prices(self) -> dict[str, Decimal | None]:
        checked = self.checked
        prices: dict[str, Decimal | None] = {
            "list_price": checked.list_price,
            "purchase_price": checked.purchase_price,
            "min_sale_price": checked.min_sale_price,
        }
        prices.update({LEVEL_KEYS[level]: price for level, price in self.levels.items()})
        return prices

    @property
    def locks_change(self) -> bool:
        return any(self.before[f] != self.after[f] for f in LOCKED_WHEN_IN_USE)


def _check(
    row: ParsedRow,
    code: str,
    old: StoredProduct | None,
    category_code: dict[int | None, str],
    context: PlanContext,
) -> _Planned | None:
    product = old.product if old else None
    current = _data_of(product, category_code) if product else None
    unit_columns: list[int] = []
    try:
        data = _data(row, code, current, product, unit_columns)
        levels = _levels(row, old)
        checked = check_product(data)
    except DomainError as error:
        row.fail(_in_column(error, unit_columns))
        return None
    category = data.category if isinstance(data.category, str) else None
    before = _fields_of(product, category_code, old.level_prices) if product and old else {}
    item = _Planned(row, code, old, checked, category, levels, before)
    _warn_implausible(item, context)
    return item


def _data(
    row: ParsedRow,
    code: str,
    current: ProductData | None,
    product: Product | None,
    unit_columns: list[int],
) -> ProductData:
    """The product as the row gives it, the stored product's fields where a column is missing."""

    def given(key: str, default: object) -> Any:
        if row.has(key):
            return row.get(key)
        return getattr(current, key) if current is not None else default

    units = current.units if current is not None else ()
    if any(row.has(key) for n in range(1, EXTRA_UNITS + 1) for key in unit_keys(n)):
        units = _units(row, product, unit_columns)
    barcodes = current.barcodes if current is not None else ()
    if row.has("barcode"):
        barcodes = (str(row.get("barcode")),) if row.get("barcode") else ()
    tax = row.get("tax_rate") if row.has("tax_rate") else None
    tracking = given("tracking", Tracking.NONE)
    method = given("valuation_method", ValuationMethod.MOVING_AVERAGE)
    active = (
        row.get("active")
        if row.get("active") is not None
        else (current.active if current is not None else True)
    )
    return ProductData(
        code=code,
        name=str(given("name", "") or ""),
        base_unit=str(given("base_unit", "") or ""),
        base_unit_decimals=given("base_unit_decimals", 0) or 0,
        spec=str(given("spec", "") or ""),
        category=given("category", None),
        units=units,
        barcodes=barcodes,
        tracking=tracking or Tracking.NONE,
        shelf_life_days=given("shelf_life_days", None),
        valuation_method=method or ValuationMethod.MOVING_AVERAGE,
        tax_rate=(
            parse_tax_rate(tax)
            if tax
            else (
                current.tax_rate
                if current is not None and not row.has("tax_rate")
                else Decimal("0.13")
            )
        ),
        list_price=given("list_price", None),
        purchase_price=given("purchase_price", None),
        min_sale_price=given("min_sale_price", None),
        active=bool(active),
    )


def _units(row: ParsedRow, product: Product | None, columns: list[int]) -> tuple[UnitSpec, ...]:
    """The extra units the row's unit columns give; ``columns`` gets each one's column group."""
    units: list[UnitSpec] = []
    for n in range(1, EXTRA_UNITS + 1):
        name_key, factor_key, barcode_key = unit_keys(n)
        name, factor = row.get(name_key), row.get(factor_key)
        if not name:
            if factor is not None or row.get(barcode_key):
                raise ValidationError("required", field=name_key)
            continue
        if factor is None:
            raise ValidationError("required", field=factor_key)
        if row.has(barcode_key):
            barcode = str(row.get(barcode_key) or "") or None
        else:
            kept = product.barcodes_of(str(name)) if product else []
            barcode = kept[0] if kept else None
        units.append(UnitSpec(str(name), factor, barcode))
        columns.append(n)
    return tuple(units)


def _levels(row: ParsedRow, old: StoredProduct | None) -> dict[int, Decimal]:
    levels = dict(old.level_prices) if old else {}
    for level in LEVELS:
        key = LEVEL_KEYS[level]
        if not row.has(key):
            continue
        value = row.get(key)
        if value is None:
            levels.pop(level, None)
        elif not isinstance(value, Decimal) or value < 0:
            raise ValidationError("negative", field=key)
        else:
            levels[level] = value
    return levels


def _in_column(error: DomainError, unit_columns: list[int]) -> DomainError:
    """The error with its field named as the file's column (units.0.factor → unit_1_factor)."""
    field = str(error.params.get("field", ""))
    match = _UNIT_FIELD.fullmatch(field)
    if match and int(match.group(1)) < len(unit_columns):
        n = unit_columns[int(match.group(1))]
        keys = dict(zip(("name", "factor", "barcode"), unit_keys(n), strict=True))
        error.params["field"] = keys[match.group(2)]
    elif field.startswith("barcodes"):
        error.params["field"] = "barcode"
    return error


def _data_of(product: Product, category_code: dict[int | None, str]) -> ProductData:
    code = category_code.get(product.category_id) if product.category_id else None
    return data_of(product, code)


def _fields(
    checked: CheckedProduct, category: str | None, levels: dict[int, Decimal]
) -> dict[str, Any]:
    plan = checked.plan
    fields: dict[str, Any] = {
        "name": checked.name,
        "spec": checked.spec,
        "category": category,
        "base_unit": plan.base_unit,
        "base_unit_decimals": plan.base_unit_decimals,
        "units": _units_text(plan.units),
        "barcodes": _barcodes_text(plan.barcodes),
        "tracking": str(checked.tracking),
        "shelf_life_days": checked.shelf_life_days,
        "valuation_method": str(checked.valuation_method),
        "tax_rate": checked.tax_rate,
        "list_price": checked.list_price,
        "purchase_price": checked.purchase_price,
        "min_sale_price": checked.min_sale_price,
        "active": checked.active,
    }
    fields.update({key: levels.get(level) for level, key in LEVEL_KEYS.items()})
    return fields


def _fields_of(
    product: Product, category_code: dict[int | None, str], levels: dict[int, Decimal]
) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "name": product.name,
        "spec": product.spec,
        "category": category_code.get(product.category_id) if product.category_id else None,
        "base_unit": product.base_unit,
        "base_unit_decimals": product.base_unit_decimals,
        "units": _units_text(tuple((u.name, u.factor) for u in product.units)),
        "barcodes": _barcodes_text(tuple((b.barcode, b.unit) for b in product.barcodes)),
        "tracking": str(product.tracking),
        "shelf_life_days": product.shelf_life_days,
        "valuation_method": str(product.valuation_method),
        "tax_rate": product.tax_rate,
        "list_price": product.list_price,
        "purchase_price": product.purchase_price,
        "min_sale_price": product.min_sale_price,
        "active": product.active,
    }
    fields.update({key: levels.get(level) for level, key in LEVEL_KEYS.items()})
    return fields


def _units_text(units: Sequence[tuple[str, Decimal]]) -> str:
    return "; ".join(f"{name}={text_of(factor)}" for name, factor in units)


def _barcodes_text(barcodes: Sequence[tuple[str, str]]) -> str:
    return "; ".join(f"{code}({unit})" for code, unit in sorted(barcodes))


def _warn_implausible(item: _Planned, context: PlanContext) -> None:
    """The ×50 rule: prices far from the product's list price (or its own before)."""
    after, before, factor = item.prices(), item.before, context.factor
    reference = after["list_price"] or before.get("list_price")
    compared: list[tuple[str, Decimal | None]] = []
    if before.get("list_price") is not None:
        compared.append(("list_price", before["list_price"]))
    compared.append(("purchase_price", before.get("purchase_price") or reference))
    compared.append(("min_sale_price", reference))
    compared += [(key, before.get(key) or reference) for key in after if key.startswith("level")]
    for field, basis in compared:
        value = after[field]
        if value != before.get(field) and implausible(value, basis, factor):
            item.row.outcome.warn(
                field,
                "implausible_value",
                field=field,
                value=text_of(value),
                reference=text_of(basis),
                factor=text_of(factor),
            )


def _check_history(
    planned: Sequence[_Planned], in_use_of: Callable[[Iterable[int]], set[int]]
) -> None:
    """Base unit, tracking and valuation stay once stock or documents use the product."""
    locked = [item for item in planned if item.old is not None and item.locks_change]
    in_use = in_use_of(item.old.product.id or 0 for item in locked if item.old)
    for item in locked:
        if item.old is not None and item.old.product.id in in_use:
            field = next(f for f in LOCKED_WHEN_IN_USE if item.before[f] != item.after[f])
            item.row.outcome.error(field, "locked_when_in_use", field=field, key=item.code)


def _check_barcodes(planned: Sequence[_Planned], holders: dict[str, Any]) -> None:
    first_row: dict[str, int] = {}
    for item in planned:
        own_id = item.old.product.id if item.old else None
        for code, _unit in item.checked.plan.barcodes:
            row = first_row.setdefault(code, item.row.outcome.row)
            if row != item.row.outcome.row:
                item.row.outcome.error(
                    "barcode", "duplicate_in_file", field="barcode", value=code, first_row=row
                )
            holder = holders.get(code)
            if holder is not None and holder.product_id != own_id:
                item.row.outcome.error(
                    "barcode",
                    "duplicate_barcode",
                    field="barcodes",
                    value=code,
                    product=holder.product_code,
                    product_name=holder.product_name,
                    unit=holder.unit,
                )


def _write(
    items: Sequence[_Planned], category_ids: dict[str, int | None], context: PlanContext
) -> None:
    """Every product, unit, barcode and level price of the file, a few bulk statements per
    chunk of rows (chunks bound the memory the rows' parameters take, not the transaction)."""
    for start in range(0, len(items), WRITE_CHUNK):
        _write_chunk(items[start : start + WRITE_CHUNK], category_ids, context)


def _write_chunk(
    items: Sequence[_Planned], category_ids: dict[str, int | None], context: PlanContext
) -> None:
    store, now = context.uow.imports, clock.now()
    creates = [item for item in items if item.old is None]
    updates = [item for item in items if item.old is not None and item.row.outcome.changes]
    new_ids = store.insert(
        "product", [{"code": item.code, **_row(item, category_ids)} for item in creates]
    )
    ids = {item.code: id for item, id in zip(creates, new_ids, strict=True)}
    for item in updates:
        assert item.old is not None and item.old.product.id is not None
        ids[item.code] = item.old.product.id
    store.update(
        "product", [{"id": ids[item.code], **_row(item, category_ids)} for item in updates]
    )
    changed = [(item, set(item.row.outcome.changes)) for item in updates]
    units = [item for item, fields in changed if "units" in fields] + creates
    barcodes = [item for item, fields in changed if "barcodes" in fields] + creates
    levels = [
        item for item, fields in changed if any(f.startswith("level_price_") for f in fields)
    ] + creates
    store.delete_of_products("product_barcode", [ids[i.code] for i in barcodes if i.old])
    store.delete_of_products("product_unit", [ids[i.code] for i in units if i.old])
    store.delete_of_products("level_price", [ids[i.code] for i in levels if i.old])
    store.insert(
        "product_unit",
        [
            {"product_id": ids[i.code], "name": name, "factor": factor}
            for i in units
            for name, factor in i.checked.plan.units
        ],
    )
    store.insert(
        "product_barcode",
        [
            {"product_id": ids[i.code], "barcode": code, "unit": unit}
            for i in barcodes
            for code, unit in i.checked.plan.barcodes
        ],
    )
    store.insert(
        "level_price",
        [
            {"product_id": ids[i.code], "level": level, "price": price, "updated_at": now}
            for i in levels
            for level, price in sorted(i.levels.items())
        ],
    )
    store.audit(
        context.actor,
        [
            ("product.create", "product", ids[i.code], None, _audited(i.fields(), i.code))
            for i in creates
        ]
        + [("product.update", "product", ids[i.code], *_changed(i)) for i in updates],
    )


def _row(item: _Planned, category_ids: dict[str, int | None]) -> dict[str, Any]:
    checked, category = item.checked, item.category
    return {
        "name": checked.name,
        "spec": checked.spec,
        "category_id": None if category is None else category_ids[category],
        "base_unit": checked.plan.base_unit,
        "base_unit_decimals": checked.plan.base_unit_decimals,
        "tracking": checked.tracking,
        "shelf_life_days": checked.shelf_life_days,
        "valuation_method": checked.valuation_method,
        "tax_rate": checked.tax_rate,
        "list_price": checked.list_price,
        "purchase_price": checked.purchase_price,
        "min_sale_price": checked.min_sale_price,
        # derived from the name: worked out only for the rows written (pypinyin is slow)
        "pinyin": initials(checked.name),
        "active": checked.active,
    }


def _audited(fields: dict[str, Any], code: str) -> dict[str, Any]:
    return {"code": code, **{k: text_of(v) for k, v in fields.items() if v is not None}}


def _changed(item: _Planned) -> tuple[dict[str, Any], dict[str, Any]]:
    changes = item.row.outcome.changes
    return {k: b for k, (b, _a) in changes.items()}, {k: a for k, (_b, a) in changes.items()}


HANDLER = ProductsHandler()
