"""Password hashing with argon2 (argon2-cffi's recommended parameters by default)."""

from __future__ import annotations

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

DEFAULT_PROFILE = "RFC_9106_LOW_MEMORY"
PROFILES = ("RFC_9106_LOW_MEMORY", "RFC_9106_HIGH_MEMORY", "CHEAPEST")

# One hasher per process, chosen by the composition root from the settings (bootstrap):
# the services that hash passwords are called without the settings.
_profile = DEFAULT_PROFILE
_hasher = PasswordHasher.from_parameters(getattr(profiles, _profile))
# Verified against when the username does not exist, so both paths cost the same time.
_DUMMY_HASH: list[str] = []


def use_profile(name: str) -> None:
    """Hash new passwords with argon2-cffi's parameter profile ``name`` (one of PROFILES).

    Verifying reads the parameters from the stored hash, so passwords hashed under another
    profile keep working.
    """
    global _hasher, _profile
    if name not in PROFILES:
        raise ValueError(f"password_hash_profile must be one of {', '.join(PROFILES)}: {name!r}")
    _hasher, _profile = PasswordHasher.from_parameters(getattr(profiles, name)), name
    _DUMMY_HASH.clear()


def profile() -> str:
    """The name of the profile new hashes use."""
    return _profile


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def dummy_verify(password: str) -> None:
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(hash_password("not-a-real-password"))
    verify_password(_DUMMY_HASH[0], password)
