from openjxc.domain.catalog.category import creates_cycle

# 1 → 2 → 3 (3's parent is 2, 2's parent is 1)
PARENTS = {1: None, 2: 1, 3: 2, 4: None}


def test_moving_a_node_under_its_own_descendant_is_a_cycle() -> None:
    assert creates_cycle(1, 3, PARENTS.get)
    assert creates_cycle(2, 2, PARENTS.get)


def test_moving_a_node_under_an_unrelated_branch_is_not_a_cycle() -> None:
    assert not creates_cycle(3, 4, PARENTS.get)
    assert not creates_cycle(4, 3, PARENTS.get)


def test_a_new_node_cannot_close_a_cycle() -> None:
    assert not creates_cycle(None, 3, PARENTS.get)


def test_a_cycle_already_stored_is_refused_instead_of_looping_forever() -> None:
    assert creates_cycle(4, 5, {5: 6, 6: 5}.get)
