"""Keeping the books healthy: what `jxc doctor --repair` does, as an audited use case."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.services.inventory.ledger import Revaluation
from openjxc.services.retry import retry_transient
from openjxc.services.unit_of_work import UnitOfWork

#: re-valued moves named one by one in the audit record (all are counted)
AUDITED_MOVES = 50


@dataclass(frozen=True)
class RepairReport:
    """What a repair rebuilt: moves re-valued, cache rows written, closed months' totals."""

    moves_revalued: int
    caches: dict[str, int]
    months: int

    def audit(self, moves: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "moves_revalued": self.moves_revalued,
            "moves": moves,
            "caches": self.caches,
            "period_totals_months": self.months,
        }


@retry_transient
def repair_books(actor: Actor, uow: UnitOfWork) -> RepairReport:
    """Re-value the moves whose valuation the ledger's facts do not give, then rebuild the
    stock caches and the closed months' totals from the ledger (needs `system.admin`)."""
    actor.require(Permission.SYSTEM_ADMIN)
    with uow:
        uow.books.lock()
        revalued = uow.books.revalue_moves()
        # a repair re-values moves too: traced like re-costing, caused by no document
        uow.ledger.record_revaluations(
            [
                Revaluation(move_id, before, after)
                for move_id, before, after in revalued
                if before != after
            ],
            None,
        )
        caches = uow.books.rebuild_caches()
        months = uow.books.rebuild_period_totals()
        report = RepairReport(len({move_id for move_id, _, _ in revalued}), caches, months)
        moves = [
            {"move_id": move_id, "value": [str(before), str(after)]}
            for move_id, before, after in revalued[:AUDITED_MOVES]
        ]
        uow.audit.record(actor, "books.repair", "books", None, after=report.audit(moves))
        uow.commit()
    return report
