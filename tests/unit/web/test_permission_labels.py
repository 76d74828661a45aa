"""Every permission has a label in the role editor, and every label a permission."""

from openjxc.domain.access.permissions import Permission
from openjxc.entrypoints.web.labels import PERMISSION_GROUPS, PERMISSION_LABELS


def test_the_role_editor_labels_every_permission_once() -> None:
    codes = [code for _, group in PERMISSION_GROUPS for code in group]
    assert len(codes) == len(set(codes))
    assert set(PERMISSION_LABELS) == {str(p) for p in Permission}
