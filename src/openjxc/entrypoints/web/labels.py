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
        # 零售单/零售退货 come from the terminals' sync (services/retail), read-only here
        "retail_sale": N_("Retail sale"),
        "retail_return": N_("Retail return"),
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

#: what each permission lets a role do, grouped as the role editor shows them
PERMISSION_GROUPS = (
    (
        N_("Master data"),
        {
            "catalog.read": N_("See products and categories"),
            "catalog.write": N_("Edit products and categories"),
            "price.read": N_("See purchase prices and costs"),
            "warehouse.read": N_("See warehouses"),
            "warehouse.write": N_("Edit warehouses"),
            "partner.read": N_("See customers and suppliers"),
            "customer.write": N_("Edit customers"),
            "supplier.write": N_("Edit suppliers"),
            "organisation.read": N_("See stores and the company"),
            "organisation.write": N_("Edit stores and the company"),
        },
    ),
    (
        N_("Warehouse"),
        {
            "stock.read": N_("See stock, the stock ledger and stock documents"),
            "stock_document.write": N_("Create and edit stock documents"),
            "stock_document.approve": N_("Approve stock documents, unapprove, red-reverse"),
            "stock.hold": N_("Hold and release batches"),
            "stock_setting.write": N_("Set safety stock and strategic reserves"),
            "period.close": N_("Close and reopen months"),
        },
    ),
    (
        N_("Purchasing"),
        {
            "purchase.write": N_("Create and edit purchase documents"),
            "purchase.receive": N_("Receive against purchase orders (without prices)"),
            "purchase.approve": N_("Approve purchase documents"),
        },
    ),
    (
        N_("Sales"),
        {
            "sales.write": N_("Create and edit sales documents"),
            "sales.pick": N_("Pick sales deliveries against sales orders (without prices)"),
            "sales.approve": N_("Approve sales documents"),
            "sales.credit_override": N_("Approve beyond a customer's credit limit"),
            "sales.below_min_price": N_("Sell below the minimum price"),
        },
    ),
    (
        N_("Retail"),
        {
            "retail.sync": N_("Post a store's retail sales and returns (a terminal)"),
            "retail.manage": N_("See and re-post a store's retail exceptions"),
        },
    ),
    (
        N_("Finance"),
        {
            "partner_ledger.read": N_("See receivables, payables, statements and aging"),
            "payment.write": N_("Create receipts and payments"),
            "payment.approve": N_("Approve receipts and payments, settle them"),
        },
    ),
    (
        N_("Reports and system"),
        {
            "report.read": N_("See reports and the dashboard"),
            "user.manage": N_("Manage users and roles"),
            "audit.read": N_("Read the audit trail"),
            "token.create": N_("Create API tokens"),
            "system.admin": N_("Settings, approval rules, database checks"),
        },
    ),
)
PERMISSION_LABELS = {code: label for _, group in PERMISSION_GROUPS for code, label in group.items()}


#: a line under each report's title in the report index, in the reader's language
REPORT_SUMMARIES = {
    "stock-summary": N_(
        "Opening, every kind of movement in and out, and closing, by product and warehouse"
    ),
    "stock-ledger": N_("Every movement of a product with the running balance"),
    "valuation": N_("Stock on hand and its value at any date"),
    "stock-at": N_("Stock by batch, with expiry, at any date"),
    "expiring-batches": N_("Batches that expire soon or have expired"),
    "stock-alerts": N_("Products below safety stock or above their maximum"),
    "sales-statistics": N_("Sales, cost and margin by product, customer, store or salesperson"),
    "purchase-statistics": N_("Purchases by product, supplier, store or purchaser"),
    "sales-detail": N_("Each sales line with its cost and margin"),
    "purchase-detail": N_("Each purchase line"),
    "cost-layers": N_("The FIFO layers each issue consumed"),
    "turnover": N_("How fast stock sells: turnover and days of stock"),
    "abc": N_("Products ranked by their share of sales or stock value"),
    "slow-moving": N_("Products that have not moved for a long time"),
    "stocktake-accuracy": N_("How often the count agreed with the books, and the health score"),
    "receivable-aging": N_("What customers owe, by how long it has been due"),
    "payable-aging": N_("What is owed to suppliers, by how long it has been due"),
    "receivable-statement": N_("One customer's receivable entries with the running balance"),
    "payable-statement": N_("One supplier's payable entries with the running balance"),
}

#: a job run's status (任务记录)
RUN_STATUS = {
    "running": N_("Running"),
    "succeeded": N_("Succeeded"),
    "failed": N_("Failed"),
}
