"""Exponential back-off after failed password checks (login, one's own password change).

A few failures are free; each further one doubles the wait before the next attempt is
heard (1 s, 2 s, 4 s … up to a cap). Failures older than the window are forgotten. There
is no lock an attacker could keep closed: the wait is bounded, and counted per key (a
username from one client address, or a client address), so failures from one address
never hold back the same user at another (docs/security.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Backoff:
    free_failures: int
    max_wait: timedelta

    def wait(self, failures: int, last_failure: datetime | None, now: datetime) -> int:
        """Whole seconds still to wait before the next attempt (0: it may be made now)."""
        if last_failure is None or failures < self.free_failures:
            return 0
        exponent = min(failures - self.free_failures, 32)  # 2**32 s is past any cap
        delay = min(timedelta(seconds=2**exponent), self.max_wait)
        remaining = (last_failure + delay - now).total_seconds()
        return max(0, math.ceil(remaining))
