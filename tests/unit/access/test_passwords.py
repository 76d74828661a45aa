from collections.abc import Iterator

import pytest

from openjxc.bootstrap import bootstrap
from openjxc.config import Settings
from openjxc.domain.access.user import check_password_strength
from openjxc.domain.shared.errors import ValidationError
from openjxc.services import passwords
from openjxc.services.users import generate_password


def test_generated_passwords_always_pass_the_strength_rules() -> None:
    # a plain token_urlsafe(12) is letters only about once in 30 draws
    for _ in range(3000):
        check_password_strength(generate_password())


def test_generated_passwords_are_long_and_differ() -> None:
    passwords = {generate_password() for _ in range(100)}
    assert len(passwords) == 100
    assert min(map(len, passwords)) >= 16


URL = "sqlite:///never-opened.db"  # bootstrap builds an engine; nothing here connects


@pytest.fixture
def restore_profile() -> Iterator[None]:
    previous = passwords.profile()
    yield
    passwords.use_profile(previous)


@pytest.mark.usefixtures("restore_profile")
def test_passwords_are_hashed_with_argon2_s_rfc_9106_low_memory_parameters_by_default() -> None:
    bootstrap(Settings(database_url=URL)).close()
    assert passwords.hash_password("Secret-pass-1").startswith("$argon2id$v=19$m=65536,t=3,p=4$")


@pytest.mark.usefixtures("restore_profile")
def test_settings_can_choose_cheaper_parameters_and_older_hashes_still_verify() -> None:
    bootstrap(Settings(database_url=URL)).close()
    strong = passwords.hash_password("Secret-pass-1")
    bootstrap(Settings(database_url=URL, password_hash_profile="CHEAPEST")).close()
    cheap = passwords.hash_password("Secret-pass-1")
    assert cheap.startswith("$argon2id$v=19$m=8,t=1,p=1$")
    assert passwords.verify_password(strong, "Secret-pass-1")
    assert passwords.verify_password(cheap, "Secret-pass-1")
    assert not passwords.verify_password(cheap, "Secret-pass-2")


@pytest.mark.usefixtures("restore_profile")
def test_an_unknown_profile_is_refused() -> None:
    with pytest.raises(ValueError, match="password_hash_profile"):
        passwords.use_profile("FAST")
    assert passwords.profile() != "FAST"


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
