"""A stock document (单据): header and lines, with its status guarded by the transition table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from openjxc.domain.documents.status import POSTED, Action, Status, next_status
from openjxc.domain.documents.types import RULES, Direction, DocumentType, TypeRule
from openjxc.domain.shared import limits
from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.numbers import plain


@dataclass(eq=False)
class DocumentLine:
    """One line: ``qty`` of ``unit`` as entered, and the same in base units."""

    line_no: int
    product_id: int
    unit: str
    qty: Decimal
    factor: Decimal
    base_qty: Decimal
    unit_cost: Decimal | None = None  # per entered unit, when the document gives the cost
    amount: Decimal | None = None  # value of the line: given, or the cost it posted at
    batch_no: str | None = None
    production_date: dt.date | None = None
    expiry_date: dt.date | None = None
    reason: str | None = None
    remarks: str = ""
    book_qty: Decimal | None = None  # stocktake: the books at the snapshot (base units)
    counted_qty: Decimal | None = None  # stocktake: what was counted (base units)
    counted_at: dt.datetime | None = None  # stocktake: when it was counted (UTC)
    expected_qty: Decimal | None = None  # stocktake: the books at the count, at approval
    variance_qty: Decimal | None = None  # stocktake: counted - expected, as posted
    source_line_id: int | None = None
    # trading lines: tax-exclusive unit price per entered unit, VAT rate, 金额 and 税额
    price: Decimal | None = None
    tax_rate: Decimal | None = None
    net_amount: Decimal | None = None
    tax: Decimal | None = None
    # trading lines: 行折扣 as 折扣率 (0.05 = 5% off) and 折扣额 (in the price's terms), and the
    # line's 整单优惠分摊 (its share of the order discount); net_amount and tax are after both
    line_discount_rate: Decimal | None = None
    line_discount: Decimal | None = None
    order_discount_share: Decimal | None = None
    # trading lines: the unit price as it was entered or offered (per entered unit), and
    # whether it includes tax (含税单价) or not (不含税单价); ``price`` is derived from it
    entered_price: Decimal | None = None
    entered_price_tax_included: bool | None = None
    # two-step transfer: what arrived (base units) and why less than sent (短少, 破损 …)
    received_qty: Decimal | None = None
    short_reason: str | None = None
    removed: bool = False
    id: int | None = None
    document_id: int | None = None

    def check_size(self) -> None:
        """Refuse the line when a figure of it reaches a line's bound (domain.shared.limits)."""
        for name in ("qty", "base_qty", "counted_qty"):
            limits.within(getattr(self, name), "qty" if name == "base_qty" else name, "qty")
        for name in ("price", "unit_cost"):
            limits.within(getattr(self, name), name, "price")
        for name in ("amount", "net_amount", "tax", "line_discount", "order_discount_share"):
            limits.within(getattr(self, name), name, "money")
        if self.net_amount is not None and self.tax is not None:
            limits.within(self.net_amount + self.tax, "total", "money")

    def take_values_of(self, other: DocumentLine) -> None:
        """Become ``other`` while keeping this row (its id is in the ledger)."""
        for name in _LINE_FIELDS:
            setattr(self, name, getattr(other, name))
        self.removed = False


_LINE_FIELDS = (
    "line_no",
    "product_id",
    "unit",
    "qty",
    "factor",
    "base_qty",
    "unit_cost",
    "amount",
    "batch_no",
    "production_date",
    "expiry_date",
    "reason",
    "remarks",
    "book_qty",
    "counted_qty",
    "counted_at",
    "expected_qty",
    "variance_qty",
    "source_line_id",
    "price",
    "tax_rate",
    "net_amount",
    "tax",
    "line_discount_rate",
    "line_discount",
    "order_discount_share",
    "entered_price",
    "entered_price_tax_included",
)


@dataclass(frozen=True)
class Receipt:
    """What arrived of one line of a two-step transfer (base units), and why less than sent."""

    qty: Decimal
    reason: str = ""

    def check(self, line: DocumentLine) -> None:
        """Refuse a receipt beyond what the line sent, below zero, or short without reason."""
        if self.qty < 0:
            raise ValidationError("received_negative", field="qty", line_no=line.line_no)
        if self.qty > line.base_qty:
            raise ValidationError(
                "received_exceeds_sent",
                field="qty",
                line_no=line.line_no,
                received=plain(self.qty / line.factor),
                sent=plain(line.qty),
                unit=line.unit,
            )
        if self.qty < line.base_qty and not self.reason.strip():
            raise ValidationError("short_reason_required", field="reason", line_no=line.line_no)


@dataclass(eq=False)
class Document:
    type: DocumentType
    number: str
    date: dt.date
    organisation_id: int
    warehouse_id: int
    status: Status = Status.DRAFT
    to_warehouse_id: int | None = None
    partner_id: int | None = None
    reason: str | None = None
    remarks: str = ""
    two_step: bool = False
    blind_count: bool = False
    expected_return_date: dt.date | None = None
    source_document_id: int | None = None
    red_letter: bool = False
    expected_date: dt.date | None = None  # orders: when the goods are expected
    due_date: dt.date | None = None  # receipts, deliveries: when the AR/AP falls due
    order_discount: Decimal | None = None  # trading: 整单优惠, off the grand total (价税合计)
    approval_step: int = 0  # steps of its approval rule taken so far
    # the rule conditions found when it entered approval ("credit_override,below_min_price")
    approval_conditions: str = ""
    created_by: int | None = None
    salesperson_id: int | None = None  # trading: 业务员 (reports fall back to the creator)
    submitted_by: int | None = None
    submitted_at: datetime | None = None
    approved_by: int | None = None
    approved_at: datetime | None = None
    snapshot_at: datetime | None = None
    snapshot_move_id: int | None = None  # stocktake: the last stock move at the snapshot
    lines: list[DocumentLine] = field(default_factory=list)
    id: int | None = None

    @property
    def active_lines(self) -> list[DocumentLine]:
        return [line for line in self.lines if not line.removed]

    @property
    def total(self) -> Decimal:
        """价税合计 (zero for stock documents, which carry no prices)."""
        zero = Decimal(0)
        return sum(((ln.net_amount or zero) + (ln.tax or zero) for ln in self.active_lines), zero)

    def check_total(self) -> None:
        """Refuse the document when its total reaches a document's bound (domain.shared.limits)."""
        limits.within(self.total, "total", "money")
        limits.within(self.order_discount, "order_discount", "money")

    @property
    def conditions(self) -> frozenset[str]:
        return frozenset(c for c in self.approval_conditions.split(",") if c)

    def replace_lines(self, new: list[DocumentLine], has_history: set[int]) -> None:
        """Take ``new`` lines, reusing rows in order; a dropped row with ledger history stays,
        marked removed and numbered out of the way (-id)."""
        self.require_editable()
        rows = sorted(self.lines, key=lambda ln: (ln.removed, ln.line_no))
        kept: list[DocumentLine] = []
        for i, line in enumerate(new):
            if i < len(rows):
                rows[i].take_values_of(line)
                kept.append(rows[i])
            else:
                kept.append(line)
        for row in rows[len(new) :]:
            if row.id is not None and row.id in has_history:
                row.removed, row.line_no = True, -row.id
                kept.append(row)
        self.lines = kept

    @property
    def rule(self) -> TypeRule:
        return RULES[self.type]

    @property
    def is_posted(self) -> bool:
        return self.status in POSTED

    def require_editable(self) -> None:
        if self.red_letter:  # it negates its source line for line: nothing to edit
            raise ValidationError("red_letter_final", number=self.number)
        next_status(self.status, Action.EDIT)

    def submit(self, user_id: int | None, at: datetime) -> None:
        self._check_complete()
        self.status = next_status(self.status, Action.SUBMIT)
        self.submitted_by, self.submitted_at = user_id, at

    def approve(self, user_id: int | None, at: datetime) -> None:
        """Approve (posting happens in the service); a two-step transfer goes in transit."""
        self._check_complete()
        self.status = next_status(self.status, Action.APPROVE)
        if self.type is DocumentType.TRANSFER and self.two_step:
            self.status = Status.IN_TRANSIT
        if self.submitted_at is None:
            self.submitted_by, self.submitted_at = user_id, at
        self.approved_by, self.approved_at = user_id, at

    def receive_transfer(self, received: Mapping[int, Receipt] | None = None) -> None:
        """The second step of a two-step transfer: its goods arrived (在途 → 已审核).

        ``received`` gives, by line number, what arrived (base units) and why it is less than
        was sent; a line not named arrived in full. Nothing arrives beyond what was sent, and a
        shortfall needs its reason (docs/transfers.md).
        """
        self.status = next_status(self.status, Action.RECEIVE)
        given = dict(received or {})
        lines = {line.line_no: line for line in self.active_lines}
        unknown = sorted(given.keys() - lines.keys())
        if unknown:
            raise ValidationError("receipt_line_unknown", field="lines", line_no=unknown[0])
        for line in self.active_lines:
            receipt = given.get(line.line_no, Receipt(line.base_qty))
            receipt.check(line)
            short = receipt.qty < line.base_qty
            line.received_qty = receipt.qty
            line.short_reason = receipt.reason.strip() if short else None

    def close(self) -> None:
        """已关闭: an order's open remainder will not be received or delivered."""
        self.status = next_status(self.status, Action.CLOSE)

    def reject(self) -> None:
        self.status = next_status(self.status, Action.REJECT)

    def unapprove(self) -> None:
        if self.red_letter:
            raise ValidationError("red_letter_final", number=self.number)
        self.status = next_status(self.status, Action.UNAPPROVE)
        for line in self.lines:  # a transfer goes back to before its issue: nothing arrived
            line.received_qty = line.short_reason = None
        self.approved_by = self.approved_at = None
        self.submitted_by = self.submitted_at = None

    def void(self) -> None:
        self.status = next_status(self.status, Action.VOID)

    def check_red_reversible(self) -> None:
        """Refuse, unchanged, when this document cannot be red-reversed now."""
        if self.red_letter:
            raise ValidationError("red_letter_final", number=self.number)
        next_status(self.status, Action.RED_REVERSE)

    def mark_red_reversed(self) -> None:
        self.check_red_reversible()
        self.status = next_status(self.status, Action.RED_REVERSE)

    def red_copy(
        self, number: str, day: dt.date, user_id: int | None, at: datetime, approved: bool = True
    ) -> Document:
        """The red-letter document (红字单据) that negates this one: approved at once, or
        (``approved`` False) submitted, waiting for the approval steps of its type."""
        copy = Document(
            self.type,
            number,
            day,
            self.organisation_id,
            self.warehouse_id,
            Status.APPROVED if approved else Status.SUBMITTED,
            to_warehouse_id=self.to_warehouse_id,
            partner_id=self.partner_id,
            reason=self.reason,
            remarks=f"红冲 {self.number}",
            source_document_id=self.id,
            red_letter=True,
            created_by=user_id,
            submitted_by=user_id,
            submitted_at=at,
            approved_by=user_id if approved else None,
            approved_at=at if approved else None,
        )
        copy.lines = [
            DocumentLine(**{name: getattr(ln, name) for name in _LINE_FIELDS})
            for ln in self.active_lines
        ]
        for line, original in zip(copy.lines, self.active_lines, strict=True):
            line.source_line_id = original.id
        return copy

    def _check_complete(self) -> None:
        if not self.active_lines:
            raise ValidationError("document_has_no_lines", number=self.number)
        if self.rule.direction is Direction.TRANSFER:
            if self.to_warehouse_id is None:
                raise ValidationError("required", field="to_warehouse")
            if self.to_warehouse_id == self.warehouse_id:
                raise ValidationError("same_warehouse", field="to_warehouse")
        if self.type is DocumentType.STOCKTAKE:
            uncounted = [ln.line_no for ln in self.active_lines if ln.counted_qty is None]
            if uncounted:
                raise ValidationError(
                    "stocktake_not_counted", lines=", ".join(map(str, uncounted[:20]))
                )
