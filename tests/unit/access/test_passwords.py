import pytest

from openjxc.domain.access.user import check_password_strength
from openjxc.domain.shared.errors import ValidationError
from openjxc.services.users import generate_password


def test_generated_passwords_always_pass_the_strength_rules() -> None:
    # a plain token_urlsafe(12) is letters only about once in 30 draws
    for _ in range(3000):
        check_password_strength(generate_password())


def test_generated_passwords_are_long_and_differ() -> None:
    passwords = {generate_password() for _ in range(100)}
    assert len(passwords) == 100
    assert min(map(len, passwords)) >= 16


@pytest.mark.parametrize(
    ("password", "code"),
    [
        (" " * 12, "password_too_short"),
        ("   abc-12   ", "password_too_short"),  # 8 with the spaces, 6 without
        ("password1", "password_too_common"),
        ("P@ssw0rd", "password_too_common"),
        ("1qaz2wsx", "password_too_common"),
        ("Abc12345", "password_too_common"),  # the list is checked in any case
    ],
)
def test_short_blank_or_common_passwords_are_refused(password: str, code: str) -> None:
    with pytest.raises(ValidationError) as error:
        check_password_strength(password)
    assert error.value.code == code


def test_an_uncommon_password_of_eight_characters_passes() -> None:
    check_password_strength("Strong-pass-1")
    check_password_strength(" lu-8mei7 ")
