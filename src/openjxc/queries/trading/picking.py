"""拣货 on the read side: the version of a delivery as the picker's page shows it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from openjxc.domain.trading.picking import fingerprint


def pick_version(delivery: Mapping[str, Any]) -> str:
    """The version of a delivery read by ``queries.documents.get_document``: the same as
    ``domain.trading.picking.version`` of the stored document, which a pick is checked by."""
    return fingerprint(
        delivery["status"],
        (
            (ln["id"], ln["product"], ln["base_qty"], ln["batch"], ln["source_line"])
            for ln in delivery["lines"]
        ),
    )
