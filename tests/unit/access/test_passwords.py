from openjxc.domain.access.user import check_password_strength
from openjxc.services.users import generate_password


def test_generated_passwords_always_pass_the_strength_rules() -> None:
    # a plain token_urlsafe(12) is letters only about once in 30 draws
    for _ in range(3000):
        check_password_strength(generate_password())


def test_generated_passwords_are_long_and_differ() -> None:
    passwords = {generate_password() for _ in range(100)}
    assert len(passwords) == 100
    assert min(map(len, passwords)) >= 16
