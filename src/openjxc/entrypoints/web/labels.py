"""Labels of the codes the services use (statuses, document types, reasons), marked for
translation: templates show ``_(STATUS_LABELS[status])``."""

from __future__ import annotations

from openjxc.entrypoints.web.i18n import N_

STATUS_LABELS = {
    "draft": N_("Draft"),
    "submitted": N_("Waiting for approval"),
    "approved": N_("Approved"),
    "in_transit": N_("In transit"),
    "partial": N_("Partially fulfilled"),
    "completed": N_("Completed"),
    "closed": N_("Order closed"),
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

#: the trading documents, per menu section (采购, 销售)
TRADE_SECTIONS = {
    "purchase": ("purchase_order", "purchase_receipt", "purchase_return"),
    "sales": ("sales_order", "sales_delivery", "sales_return"),
}
TYPE_LABELS.update(
    {
        "purchase_order": N_("Purchase order"),
        "purchase_receipt": N_("Purchase receipt"),
        "purchase_return": N_("Purchase return"),
        "sales_order": N_("Sales order"),
        "sales_delivery": N_("Sales delivery"),
        "sales_return": N_("Sales return"),
    }
)
TRADE_TYPE_NAMES = tuple(t for types in TRADE_SECTIONS.values() for t in types)

PAYMENT_LABELS = {
    "customer_receipt": N_("Customer receipt"),
    "supplier_payment": N_("Supplier payment"),
}

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
