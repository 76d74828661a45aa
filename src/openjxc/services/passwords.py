"""Password hashing with argon2 (argon2-cffi's recommended parameters by default)."""

from __future__ import annotations

from typing import Protocol

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

DEFAULT_PROFILE = "RFC_9106_LOW_MEMORY"
PROFILES = ("RFC_9106_LOW_MEMORY", "RFC_9106_HIGH_MEMORY", "CHEAPEST")


class Hasher(Protocol):
    """The port the password rules use (argon2-cffi's ``PasswordHasher`` is one)."""

    def hash(self, password: str | bytes, *, salt: bytes | None = None) -> str: ...
    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        """True, or raises ``VerificationError``/``InvalidHashError``."""


# One hasher per process, chosen by the composition root from the settings (bootstrap):
# the services that hash passwords are called without the settings.
_profile = DEFAULT_PROFILE
_hasher: Hasher = PasswordHasher.from_parameters(getattr(profiles, _profile))
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


def use_hasher(hasher: Hasher) -> Hasher:
    """Hash and verify with ``hasher`` from now on (tests count the verifications through
    it); returns the one used until now."""
    global _hasher
    previous, _hasher = _hasher, hasher
    _DUMMY_HASH.clear()
    return previous


def hasher() -> Hasher:
    return _hasher


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


def check(password_hash: str | None, password: str) -> bool:
    """Verify ``password`` with exactly one hash verification, against a stand-in hash of
    the same cost when there is no user (``None``): an unknown username takes as long to
    refuse as a wrong password."""
    if password_hash is None:
        if not _DUMMY_HASH:
            _DUMMY_HASH.append(hash_password("not-a-real-password"))
        verify_password(_DUMMY_HASH[0], password)
        return False
    return verify_password(password_hash, password)
