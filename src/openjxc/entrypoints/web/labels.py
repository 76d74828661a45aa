"""Labels of the codes the services use (statuses, document types, reasons), marked for
translation: templates show ``_(STATUS_LABELS[status])``."""

from __future__ import annotations

from openjxc.entrypoints.web.i18n import N_

STATUS_LABELS = {
    "draft": N_("Draft"),
    "submitted": N_("Waiting for approval"),
    "approved": N_("Approved"),
    "in_transit": N_("In transit"),
    "void": N_("Void"),
    "reversed": N_("Red-reversed"),
}

#: the stock documents the editor handles today (stocktake has its own workflow)
TYPE_LABELS = {
    "opening_stock": N_("Opening stock"),
    "other_receipt": N_("Other receipt"),
    "other_issue": N_("Other issue"),
    "transfer": N_("Transfer"),
    "write_off": N_("Write-off"),
    "overage": N_("Overage"),
    "stocktake": N_("Stocktake"),
}
EDITABLE_TYPES = tuple(t for t in TYPE_LABELS if t != "stocktake")

REASON_LABELS = {
    "gift": N_("Gift"),
    "sample": N_("Sample"),
    "lending": N_("Lending"),
    "loan_return": N_("Loan return"),
    "internal_use": N_("Internal use"),
    "damage": N_("Damage"),
    "expired": N_("Expired"),
    "other": N_("Other"),
}

PARTNER_KINDS = {
    "customer": N_("Customer"),
    "supplier": N_("Supplier"),
    "both": N_("Customer and supplier"),
}
