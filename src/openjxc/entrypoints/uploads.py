"""Uploaded files, for the API and the web alike: the table reader and the per-user bound.

The body of an upload is already limited by ``GuardMiddleware`` (``max_body_bytes``);
reading it as a table costs CPU and memory (up to ``upload_max_unpacked_bytes``), so one
user may have only ``uploads_per_user`` uploads read at once. The bound is kept in memory,
per server process: with N worker processes a user may have N times as many.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from functools import partial

from openjxc.adapters.files.tables import TableLimits, read_table, read_upload
from openjxc.config import Settings
from openjxc.domain.imports.table import ImportReader
from openjxc.domain.shared.errors import TooManyAttempts
from openjxc.services.imports.engine import ImportOptions
from openjxc.services.inventory.count_files import TableReader


def table_reader(settings: Settings) -> TableReader:
    """``read_table`` bounded by the settings' upload limits."""
    limits = TableLimits(
        max_file_bytes=settings.max_body_bytes,
        max_unpacked_bytes=settings.upload_max_unpacked_bytes,
        max_rows=settings.upload_max_rows,
    )
    return partial(read_table, limits=limits)


def import_reader(settings: Settings) -> ImportReader:
    """``read_upload`` bounded by the settings' import limits (larger than other uploads')."""
    limits = TableLimits(
        max_file_bytes=settings.import_max_bytes,
        max_unpacked_bytes=settings.import_max_unpacked_bytes,
        max_rows=settings.import_max_rows,
    )
    return partial(read_upload, limits=limits)


def import_options(settings: Settings) -> ImportOptions:
    return ImportOptions(factor=Decimal(settings.import_plausibility_factor))


class UploadSlots:
    """At most ``limit`` uploads of one user are read at once (in this process)."""

    def __init__(self, limit: int):
        self.limit = limit
        self._busy: Counter[int | None] = Counter()
        self._lock = threading.Lock()

    @contextmanager
    def hold(self, user_id: int | None) -> Iterator[None]:
        """One slot for the duration of the block; ``too_many_uploads`` (429) if none is free."""
        with self._lock:
            if self._busy[user_id] >= self.limit:
                raise TooManyAttempts("too_many_uploads", limit=self.limit)
            self._busy[user_id] += 1
        try:
            yield
        finally:
            with self._lock:
                self._busy[user_id] -= 1
                if self._busy[user_id] <= 0:
                    del self._busy[user_id]
