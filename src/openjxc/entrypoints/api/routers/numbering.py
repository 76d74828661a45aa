"""Numbering: the rule that generates product codes (商品编码规则) and the prefixes of document
numbers (单据编号前缀)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from openjxc.domain.catalog.code_rule import DEFAULT_RULE
from openjxc.domain.documents.numbering import DEFAULT_PREFIXES
from openjxc.entrypoints.api import replies
from openjxc.entrypoints.api.deps import CurrentActor, UowDep, new_router
from openjxc.entrypoints.api.schemas import Create
from openjxc.services import product_codes as service
from openjxc.services.inventory import numbering

router = new_router(prefix="/settings", tags=["settings"])

RULE_HELP = (
    "one {seq} (e.g. {seq:04d}) plus optional {category} (leaf category code), "
    "{category_path} (codes root→leaf) and letters/digits"
)


class ProductCodeRule(Create):
    rule: str = Field(max_length=64, description=RULE_HELP, examples=[DEFAULT_RULE, "P{seq:05d}"])


class ProductCodeRuleRead(BaseModel):
    rule: str
    default: str = DEFAULT_RULE


@router.get("/product-code-rule", response_model=ProductCodeRuleRead)
def get_product_code_rule(uow: UowDep, actor: CurrentActor) -> ProductCodeRuleRead:
    """The rule used when a product is created without a code."""
    return ProductCodeRuleRead(rule=service.get_product_code_rule(actor, uow))


@router.put("/product-code-rule", response_model=ProductCodeRuleRead)
@replies.resource("/settings/product-code-rule")
def set_product_code_rule(
    body: ProductCodeRule, uow: UowDep, actor: CurrentActor
) -> ProductCodeRuleRead:
    """Change the rule for codes generated from now on (system.admin)."""
    return ProductCodeRuleRead(rule=service.set_product_code_rule(body.rule, actor, uow))


class DocumentPrefixes(Create):
    prefixes: dict[str, str] = Field(
        max_length=len(DEFAULT_PREFIXES),
        description="document or payment type -> prefix (1–6 capital letters or digits, "
        "starting with a letter, each used by one type); types left out keep theirs",
        examples=[{"sales_delivery": "SD", "customer_receipt": "SK"}],
    )


class DocumentPrefixesRead(BaseModel):
    prefixes: dict[str, str] = Field(description="every type's prefix in force")
    defaults: dict[str, str] = Field(default=DEFAULT_PREFIXES, description="the convention")


@router.get("/document-prefixes", response_model=DocumentPrefixesRead)
def get_document_prefixes(uow: UowDep, actor: CurrentActor) -> DocumentPrefixesRead:
    """Each document and payment type's number prefix: ``{PREFIX}{yyyymmdd}{seq:03d}``."""
    return DocumentPrefixesRead(prefixes=numbering.get_prefixes(actor, uow))


@router.put("/document-prefixes", response_model=DocumentPrefixesRead)
@replies.resource("/settings/document-prefixes")
def set_document_prefixes(
    body: DocumentPrefixes, uow: UowDep, actor: CurrentActor
) -> DocumentPrefixesRead:
    """Change prefixes for documents saved from now on; existing numbers stay (system.admin).
    A malformed or shared prefix refuses the whole change."""
    return DocumentPrefixesRead(prefixes=numbering.set_prefixes(body.prefixes, actor, uow))
