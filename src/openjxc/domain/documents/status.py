"""Document status and the one table of allowed transitions."""

from __future__ import annotations

from enum import StrEnum

from openjxc.domain.shared.errors import ValidationError


class Status(StrEnum):
    DRAFT = "draft"  # 草稿
    SUBMITTED = "submitted"  # 待审核
    APPROVED = "approved"  # 已审核 (posted)
    IN_TRANSIT = "in_transit"  # 在途 (two-step transfer: issued, not yet received)
    PARTIAL = "partial"  # 部分入库/部分出库 (orders)
    COMPLETED = "completed"  # 已完成
    CLOSED = "closed"  # 已关闭
    VOID = "void"  # 已作废
    REVERSED = "reversed"  # 已红冲


class Action(StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    REJECT = "reject"
    UNAPPROVE = "unapprove"  # 反审核
    VOID = "void"  # 作废
    RECEIVE = "receive"  # second step of a two-step transfer
    RED_REVERSE = "red_reverse"  # 红冲
    EDIT = "edit"
    CLOSE = "close"  # an order's remainder is closed by hand (已关闭)


TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (Status.DRAFT, Action.EDIT): Status.DRAFT,
    (Status.DRAFT, Action.SUBMIT): Status.SUBMITTED,
    (Status.DRAFT, Action.APPROVE): Status.APPROVED,  # submit + approve in one step
    (Status.DRAFT, Action.VOID): Status.VOID,
    (Status.SUBMITTED, Action.APPROVE): Status.APPROVED,
    (Status.SUBMITTED, Action.REJECT): Status.DRAFT,
    (Status.SUBMITTED, Action.VOID): Status.VOID,
    (Status.APPROVED, Action.UNAPPROVE): Status.DRAFT,
    (Status.APPROVED, Action.RED_REVERSE): Status.REVERSED,
    (Status.IN_TRANSIT, Action.RECEIVE): Status.APPROVED,
    (Status.IN_TRANSIT, Action.UNAPPROVE): Status.DRAFT,
    (Status.APPROVED, Action.CLOSE): Status.CLOSED,
    (Status.PARTIAL, Action.CLOSE): Status.CLOSED,
}

#: statuses whose moves are in the ledger
POSTED = frozenset({Status.APPROVED, Status.IN_TRANSIT, Status.REVERSED})


def next_status(current: Status, action: Action) -> Status:
    """The status after ``action``, or a ValidationError naming both."""
    try:
        return TRANSITIONS[(current, action)]
    except KeyError:
        raise ValidationError(
            "invalid_transition", action=action.value, status=current.value
        ) from None
