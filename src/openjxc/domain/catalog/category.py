"""Product categories (商品分类): a tree of 大类 and 子类, each with its own code."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(eq=False)
class Category:
    code: str
    name: str
    parent_id: int | None = None
    active: bool = True
    id: int | None = None


def creates_cycle(
    node_id: int | None, new_parent_id: int, parent_of: Callable[[int], int | None]
) -> bool:
    """Would hanging ``node_id`` under ``new_parent_id`` make the tree a cycle?

    ``parent_of`` gives a node's current parent. A node that is not stored yet (``None``)
    has no descendants, so it cannot close a cycle.
    """
    if node_id is None:
        return False
    seen: set[int] = set()
    current: int | None = new_parent_id
    while current is not None and current not in seen:
        if current == node_id:
            return True
        seen.add(current)
        current = parent_of(current)
    return current is not None  # a cycle already stored above: refuse to build on it
