"""The deployment's settings (read once from the environment and ./.env by `main`) and the real clock."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from handlers.context import CoreSettings
from i18n import LANGUAGES, N_, t

# what a variable of each type must look like, said when its value is not that
_TYPE_PROBLEMS = {time: N_("setting_bad_time"), int: N_("setting_bad_number")}
# variables whose own sentence says it better than their type's
_FIELD_PROBLEMS = {"summary_weekday": N_("setting_bad_weekday"), "db_busy_timeout_ms": N_("setting_bad_ms"),
                   "port": N_("setting_bad_port"), "zalo_webhook_port": N_("setting_bad_port")}
# the chat apps without reply-to or buttons (bot/zalo.LIMITS, the console demo): people there type their answer,
# which goes to the chat's latest reminder or list, and type a choice's number; the core words its hints so
TYPED_CHANNELS = frozenset({"zalo", "console"})
# a time as people write it: 08:00, 8:00, 9:30, 8h, 8h30, 8.30
_TIME_RE = re.compile(r"(\d{1,2})\s*(?::|h|\.)\s*(\d{2})?|(\d{1,2})", re.IGNORECASE)


class PortUnavailable(Exception):
    """A webhook's port can't be opened (another program holds it, or it needs root): `variable` is the setting."""

    def __init__(self, variable: str, port: int, address: str, reason: OSError) -> None:
        self.variable, self.port, self.address = variable, port, address
        self.reason = reason.strerror or str(reason)
        super().__init__(variable, port, address, self.reason)


class SettingError(ValueError):
    """One variable is wrong: a sentence in the deployment's language naming it and saying what it must be."""


class Settings(BaseSettings):
    """Configuration per CONTRACTS.md; secrets as SecretStr so they never print."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True)

    # a file (SQLite), or a postgresql://user:password@host:5432/name URL (PostgreSQL, kept as text)
    db: Path | str = Field(default=Path("nhacviec.sqlite3"), alias="NHACVIEC_DB")
    lang: str = Field(default="vi", alias="NHACVIEC_LANG")  # before the others, so their errors can use it
    # how long the bot's writes wait for another process's write lock before the update is retried later
    # (None: storage.db.BUSY_TIMEOUT_MS)
    db_busy_timeout_ms: int | None = Field(default=None, alias="NHACVIEC_DB_BUSY_TIMEOUT_MS", gt=0)
    tz: str = Field(default="Asia/Ho_Chi_Minh", alias="NHACVIEC_TZ")
    admin_ids: Annotated[tuple[str, ...], NoDecode] = Field(default=(), alias="NHACVIEC_ADMIN_IDS")
    files_dir: Path = Field(default=Path("nhacviec-files"), alias="NHACVIEC_FILES")
    telegram_token: SecretStr | None = Field(default=None, alias="TELEGRAM_BOT_TOKEN")
    telegram_base_url: str | None = Field(default=None, alias="TELEGRAM_BASE_URL")
    webhook_url: str | None = Field(default=None, alias="WEBHOOK_URL")
    webhook_secret: SecretStr | None = Field(default=None, alias="WEBHOOK_SECRET")
    # 0: any free port (tests); 99999 was bound as 34463, the reverse proxy forwarding to nothing
    port: int = Field(default=8443, alias="PORT", ge=0, le=65535)
    webhook_listen: str = Field(default="0.0.0.0", alias="WEBHOOK_LISTEN")  # the address the webhook binds
    zalo_token: SecretStr | None = Field(default=None, alias="ZALO_BOT_TOKEN")
    zalo_base_url: str | None = Field(default=None, alias="ZALO_BASE_URL")
    zalo_webhook_url: str | None = Field(default=None, alias="ZALO_WEBHOOK_URL")
    zalo_webhook_secret: SecretStr | None = Field(default=None, alias="ZALO_WEBHOOK_SECRET")
    zalo_webhook_port: int = Field(default=8444, alias="ZALO_WEBHOOK_PORT", ge=0, le=65535)
    zalo_monthly_quota: int = Field(default=3000, alias="ZALO_MONTHLY_QUOTA", gt=0)
    zalo_public_files_url: str | None = Field(default=None, alias="ZALO_PUBLIC_FILES_URL")
    reminder_time: time = Field(default=time(8, 0), alias="NHACVIEC_REMINDER_TIME")
    summary_weekday: int = Field(default=4, ge=0, le=6, alias="NHACVIEC_SUMMARY_WEEKDAY")  # Monday = 0, Friday = 4
    summary_time: time = Field(default=time(16, 0), alias="NHACVIEC_SUMMARY_TIME")
    invite_days: int = Field(default=7, alias="NHACVIEC_INVITE_DAYS", gt=0)

    @field_validator("db", mode="before")
    @classmethod
    def _db_target(cls, value: object) -> object:
        # a URL must stay text: Path() would fold its "//"; sqlite:///path is the plain path
        if isinstance(value, str) and value.startswith("sqlite:///"):
            return Path(value.removeprefix("sqlite:///"))
        # (storage.pg.is_url's test: quick commands such as --help don't import storage)
        if isinstance(value, str) and not value.startswith(("postgresql://", "postgres://")):
            return Path(value)
        return value

    @model_validator(mode="after")
    def _db_is_a_file(self) -> Settings:
        # «NHACVIEC_DB=» left empty reads as the folder «.»; SQLite can't open a folder, and aiosqlite's thread
        # then fails after the command has ended (a traceback under the one-line error)
        if isinstance(self.db, Path) and (str(self.db) in ("", ".") or self.db.is_dir()):
            raise SettingError(t("setting_db_folder", self.lang, name="NHACVIEC_DB", value=self.db))
        return self

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object, info: ValidationInfo) -> tuple[str, ...]:
        if value is None or value == "":
            return ()
        if isinstance(value, str):
            ids = tuple(part.strip() for part in value.split(",") if part.strip())
        else:
            ids = tuple(str(v) for v in value)  # type: ignore[union-attr]
        if not all(part.isdigit() for part in ids):  # Telegram user ids are numbers
            raise _problem(N_("setting_bad_ids"), info, value)
        return ids

    @field_validator("tz")
    @classmethod
    def _known_zone(cls, value: str, info: ValidationInfo) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise _problem(N_("setting_bad_zone"), info, value) from exc
        return value

    @field_validator("telegram_base_url")
    @classmethod
    def _bot_api_url(cls, value: str | None, info: ValidationInfo) -> str | None:
        # python-telegram-bot appends the token to it: without "/bot" the token lands in the host or port
        # ("invalid literal for int() … '8081<token>'"), in a traceback
        if value is None:
            return None
        try:
            parts = urlsplit(value.strip())
            parts.port  # noqa: B018 — raises ValueError on a port that is not a number
        except ValueError:
            parts = None
        if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or not parts.path.rstrip("/").endswith("/bot"):
            raise SettingError(t("setting_bad_base_url", info.data.get("lang", "vi"), name="TELEGRAM_BASE_URL",
                                 example="https://api.telegram.org/bot", value=value))
        return value.strip()

    @field_validator("webhook_url")
    @classmethod
    def _https_webhook(cls, value: str | None, info: ValidationInfo) -> str | None:
        # Telegram sends updates only to an https address; «bot.example.gov.vn» would fail at setWebhook
        if value is None:
            return None
        try:
            parts = urlsplit(value.strip())
        except ValueError:
            parts = None
        if parts is None or parts.scheme != "https" or not parts.hostname:
            raise _problem(N_("setting_bad_webhook_url"), info, value)
        return value.strip()

    @field_validator("reminder_time", "summary_time", mode="before")
    @classmethod
    def _time_as_written(cls, value: object) -> object:
        # "8:00" and "9:30" are giờ:phút too (pydantic reads only "08:00"); a value out of range stays refused
        if isinstance(value, str):
            found = _TIME_RE.fullmatch(value.strip())
            if found:
                hour, minute = int(found[1] or found[3]), int(found[2] or 0)
                if hour < 24 and minute < 60:
                    return time(hour, minute)
        return value

    @field_validator("lang", mode="before")
    @classmethod
    def _lang_any_case(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("lang")
    @classmethod
    def _known_lang(cls, value: str, info: ValidationInfo) -> str:
        if value not in LANGUAGES:
            raise _problem(N_("setting_bad_lang"), info, value)  # the language is what is wrong: said in Vietnamese
        return value

    @field_validator("*", mode="wrap")
    @classmethod
    def _one_sentence(cls, value: object, handler: ValidatorFunctionWrapHandler, info: ValidationInfo) -> object:
        """Any value pydantic refuses is reported as a SettingError (this validator wraps all the others)."""
        try:
            return handler(value)
        except ValidationError as exc:
            cause = exc.errors()[0].get("ctx", {}).get("error")
            if isinstance(cause, SettingError):
                raise cause from None
            name = info.field_name or ""
            if name in _FIELD_PROBLEMS:
                raise _problem(_FIELD_PROBLEMS[name], info, value) from None
            if exc.errors()[0]["type"] == "greater_than":  # a number, but 0 or below: a code already expired…
                raise _problem(N_("setting_not_positive"), info, value) from None
            field = cls.model_fields[name]
            raise _problem(_TYPE_PROBLEMS.get(field.annotation, N_("setting_bad_value")), info, value) from None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    @property
    def typed_channels(self) -> frozenset[str]:
        """The channels whose people type their answers (`TYPED_CHANNELS`), for the reminder planner."""
        return TYPED_CHANNELS


def _problem(key: str, info: ValidationInfo, value: object) -> SettingError:
    """The error for the variable being validated, in the language read before it (Vietnamese if none)."""
    name = Settings.model_fields[info.field_name or ""].alias
    return SettingError(t(key, info.data.get("lang", "vi"), name=name, value=value))


def settings_problem(exc: ValidationError) -> str:
    """The one sentence saying what is wrong with the configuration."""
    error = exc.errors()[0]
    cause = error.get("ctx", {}).get("error")
    return str(cause) if isinstance(cause, SettingError) else error["msg"]


def core_settings(settings: Settings) -> CoreSettings:
    """The part of the settings the core needs (no secrets cross this line)."""
    return CoreSettings(
        tz=settings.zone,
        lang=settings.lang,
        # NHACVIEC_ADMIN_IDS are Telegram user ids (CONTRACTS.md)
        admin_ids=frozenset(f"telegram:{user_id}" for user_id in settings.admin_ids),
        invite_days=settings.invite_days,
        files_dir=settings.files_dir,
        reminder_time=settings.reminder_time,
        typed_channels=TYPED_CHANNELS,
    )


def system_clock() -> datetime:
    """The real clock; tests and `tick --at` inject their own."""
    return datetime.now(UTC)
