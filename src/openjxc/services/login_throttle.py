"""The back-off on failed password checks, by username and client address, in the database.

Two counts, each with an exponential back-off (``domain.access.throttle``):

* a **username from one address**: after a few failures the next attempts for that name
  from that address are refused for a while — at login with the very answer of a wrong
  password (``invalid_credentials``), so neither the name's existence nor the password's
  rightness shows, and nothing tells the guesser a guess was not even checked;
* an **address**, whatever names it tries: refused with ``too_many_attempts`` and the
  seconds to wait (it only tells the caller about themself).

Neither locks an account: the administrator logs in from another address while an
attacker's address waits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from openjxc.config import Settings
from openjxc.domain.access.throttle import Backoff
from openjxc.domain.shared.errors import TooManyAttempts
from openjxc.services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class LoginThrottle:
    per_user: Backoff
    per_address: Backoff
    window: timedelta

    @classmethod
    def from_settings(cls, settings: Settings) -> LoginThrottle:
        max_wait = timedelta(seconds=settings.login_max_wait_seconds)
        return cls(
            per_user=Backoff(settings.login_free_failures, max_wait),
            per_address=Backoff(settings.login_address_free_failures, max_wait),
            window=timedelta(minutes=settings.login_failure_window_minutes),
        )

    def check_address(self, uow: UnitOfWork, address: str, now: datetime) -> None:
        """Raise ``too_many_attempts`` (with ``retry_after`` seconds) while the address waits.

        Called first in the transaction: it also makes concurrent checks from the address
        take turns, each seeing the failures of those before it.
        """
        uow.login_failures.serialise(address)
        failures, last = uow.login_failures.of_address(address, now - self.window)
        wait = self.per_address.wait(failures, last, now)
        if wait:
            raise TooManyAttempts("too_many_attempts", retry_after=wait)

    def user_wait(self, uow: UnitOfWork, username: str, address: str, now: datetime) -> int:
        """Seconds before this username may be tried again from this address (0: now)."""
        failures, last = uow.login_failures.of_user(username, address, now - self.window)
        return self.per_user.wait(failures, last, now)

    def failed(self, uow: UnitOfWork, username: str, address: str, now: datetime) -> None:
        """Remember a failure (the caller commits it though its call fails)."""
        uow.login_failures.purge(now - self.window)
        uow.login_failures.record(username, address, now)

    def succeeded(self, uow: UnitOfWork, username: str, address: str) -> None:
        """The right password from this address: its failures for this name are forgotten
        (those for other names stay: logging into one's own account wipes no guesses)."""
        uow.login_failures.forget_user(username, address)
