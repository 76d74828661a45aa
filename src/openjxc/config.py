"""Settings, built on demand from environment variables and CLI flags (never at import time)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import platformdirs

ENV_PREFIX = "JXC_"
DEFAULT_LANGUAGE = "zh-CN"
SUPPORTED_LANGUAGES = ("zh-CN", "en")


def data_dir() -> Path:
    """The per-user data folder: ``JXC_DATA_DIR`` or the platform's user data dir."""
    override = os.environ.get(f"{ENV_PREFIX}DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir("openjxc", "OpenJXC"))


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / 'openjxc.db'}"


@dataclass(frozen=True)
class Settings:
    database_url: str
    host: str = "127.0.0.1"
    port: int = 8000
    secret_key: str = ""
    language: str = DEFAULT_LANGUAGE
    max_body_bytes: int = 1024 * 1024
    #: failed password checks for one username from one client address before the back-off
    login_free_failures: int = 5
    #: failed password checks from one client address (any username) before the back-off
    login_address_free_failures: int = 20
    #: the back-off doubles from 1 s up to this wait
    login_max_wait_seconds: int = 900
    #: failures older than this are forgotten
    login_failure_window_minutes: int = 60
    #: an uploaded spreadsheet (a zip) unpacked, all members together
    upload_max_unpacked_bytes: int = 32 * 1024 * 1024
    #: rows of an uploaded table (CSV or a sheet), header included
    upload_max_rows: int = 50_000
    #: uploads one user may have read at once, per server process
    uploads_per_user: int = 2
    #: an import file (POST /api/v1/imports/…): its body, its unpacked size and its rows
    import_max_bytes: int = 20 * 1024 * 1024
    import_max_unpacked_bytes: int = 256 * 1024 * 1024
    import_max_rows: int = 200_000
    #: an imported price or quantity this many times off its reference is a warning (×50)
    import_plausibility_factor: int = 50
    #: addresses whose X-Forwarded-For/-Proto are believed (uvicorn's forwarded_allow_ips):
    #: behind an HTTPS proxy they make the request https, which turns on HSTS and Secure cookies
    trusted_proxies: str = "127.0.0.1"
    access_token_hours: int = 12
    #: where ``jxc backup`` and ``jxc migrate`` put backups; default: ``backups`` in the data folder
    backup_dir: str = ""
    #: retention: the newest backup of each of this many recent days is kept …
    backup_keep_daily: int = 7
    #: … and the newest of each of this many recent months
    backup_keep_monthly: int = 12
    #: argon2-cffi parameter profile for new password hashes (tests use "CHEAPEST")
    password_hash_profile: str = "RFC_9106_LOW_MEMORY"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def backup_folder(self) -> Path:
        return Path(self.backup_dir) if self.backup_dir else data_dir() / "backups"

    def with_overrides(self, **values: Any) -> Settings:
        return replace(self, **{k: v for k, v in values.items() if v is not None})


def load_settings(**overrides: Any) -> Settings:
    """Build settings from ``JXC_*`` variables, then apply explicit (CLI) overrides."""
    env = os.environ
    settings = Settings(
        database_url=env.get(f"{ENV_PREFIX}DATABASE_URL") or default_database_url(),
        host=env.get(f"{ENV_PREFIX}HOST", "127.0.0.1"),
        port=int(env.get(f"{ENV_PREFIX}PORT", "8000")),
        secret_key=env.get(f"{ENV_PREFIX}SECRET_KEY", ""),
        language=env.get(f"{ENV_PREFIX}LANGUAGE", DEFAULT_LANGUAGE),
        upload_max_unpacked_bytes=int(
            env.get(f"{ENV_PREFIX}UPLOAD_MAX_UNPACKED_BYTES", str(32 * 1024 * 1024))
        ),
        upload_max_rows=int(env.get(f"{ENV_PREFIX}UPLOAD_MAX_ROWS", "50000")),
        uploads_per_user=int(env.get(f"{ENV_PREFIX}UPLOADS_PER_USER", "2")),
        import_max_bytes=int(env.get(f"{ENV_PREFIX}IMPORT_MAX_BYTES", str(20 * 1024 * 1024))),
        import_max_unpacked_bytes=int(
            env.get(f"{ENV_PREFIX}IMPORT_MAX_UNPACKED_BYTES", str(256 * 1024 * 1024))
        ),
        import_max_rows=int(env.get(f"{ENV_PREFIX}IMPORT_MAX_ROWS", "200000")),
        import_plausibility_factor=int(env.get(f"{ENV_PREFIX}IMPORT_PLAUSIBILITY_FACTOR", "50")),
        trusted_proxies=env.get(f"{ENV_PREFIX}TRUSTED_PROXIES", "127.0.0.1"),
        backup_dir=env.get(f"{ENV_PREFIX}BACKUP_DIR", ""),
        backup_keep_daily=int(env.get(f"{ENV_PREFIX}BACKUP_KEEP_DAILY", "7")),
        backup_keep_monthly=int(env.get(f"{ENV_PREFIX}BACKUP_KEEP_MONTHLY", "12")),
    ).with_overrides(**overrides)
    if settings.language not in SUPPORTED_LANGUAGES:
        raise ValueError(
            f"JXC_LANGUAGE must be one of {', '.join(SUPPORTED_LANGUAGES)}, not {settings.language!r}"
        )
    if not settings.secret_key:
        settings = replace(settings, secret_key=_stored_secret_key())
    return settings


def _stored_secret_key() -> str:
    """Generate the secret key on first run and keep it beside the data."""
    path = data_dir() / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(key)
    return key
