"""The rule that generates product codes (商品编码规则)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from openjxc.domain.catalog.code_rule import DEFAULT_RULE
from openjxc.entrypoints.api.deps import CurrentActor, UowDep, new_router
from openjxc.entrypoints.api.schemas import Create
from openjxc.services import product_codes as service

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
def set_product_code_rule(
    body: ProductCodeRule, uow: UowDep, actor: CurrentActor
) -> ProductCodeRuleRead:
    """Change the rule for codes generated from now on (system.admin)."""
    return ProductCodeRuleRead(rule=service.set_product_code_rule(body.rule, actor, uow))
