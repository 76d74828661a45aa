"""Retry a use case when the database aborted it for a transient reason.

A use case is one transaction (``with uow: ... uow.commit()``). On PostgreSQL a concurrent
transaction can make it fail with a serialization failure (SQLSTATE 40001) or a deadlock
(40P01); on SQLite the file can stay locked past the busy timeout. Nothing was written
then, so running the whole use case again is safe. The unit of work turns those database
errors into :class:`TransientError`; :func:`retry_transient` runs the use case again a few
times, after a short random pause, so that contention is never shown to the user.

Only a function that opens its own unit of work (and is not itself inside another
transaction) may carry the decorator: retrying half a transaction would be wrong.
"""

from __future__ import annotations

import functools
import logging
import random
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar, overload

from openjxc.domain.shared.errors import TransientError

P = ParamSpec("P")
R = TypeVar("R")

log = logging.getLogger(__name__)

ATTEMPTS = 6
BASE_DELAY = 0.005  # seconds; doubled per attempt, with full jitter
MAX_DELAY = 0.2


def backoff(attempt: int) -> float:
    """The pause after failed attempt ``attempt`` (1-based): full jitter, capped."""
    return random.uniform(0, min(MAX_DELAY, BASE_DELAY * 2**attempt))


@overload
def retry_transient(func: Callable[P, R]) -> Callable[P, R]: ...


@overload
def retry_transient(*, attempts: int = ATTEMPTS) -> Callable[[Callable[P, R]], Callable[P, R]]: ...


def retry_transient(
    func: Callable[P, R] | None = None, *, attempts: int = ATTEMPTS
) -> Callable[P, R] | Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a use case: on :class:`TransientError`, run it again (``attempts`` in all)."""

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(function)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            attempt = 1
            while True:
                try:
                    return function(*args, **kwargs)
                except TransientError as error:
                    if attempt >= attempts:
                        log.warning(
                            "%s: giving up after %d attempts (%s)",
                            function.__qualname__,
                            attempt,
                            error.reason,
                        )
                        raise
                    log.info(
                        "%s: transient database error, retrying (%s)",
                        function.__qualname__,
                        error.reason,
                    )
                    time.sleep(backoff(attempt))
                    attempt += 1

        return wrapper

    return decorate(func) if func is not None else decorate
