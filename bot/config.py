"""The deployment's settings (read once from the environment and ./.env by `main`) and the real clock."""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from handlers.context import CoreSettings
from i18n import LANGUAGES, t


class Settings(BaseSettings):
    """Configuration per CONTRACTS.md; secrets as SecretStr so they never print."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True)

    db: Path = Field(default=Path("nhacviec.sqlite3"), alias="NHACVIEC_DB")
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
    port: int = Field(default=8443, alias="PORT")
    webhook_listen: str = Field(default="0.0.0.0", alias="WEBHOOK_LISTEN")  # the address the webhook binds
    zalo_token: SecretStr | None = Field(default=None, alias="ZALO_BOT_TOKEN")
    zalo_base_url: str | None = Field(default=None, alias="ZALO_BASE_URL")
    zalo_webhook_url: str | None = Field(default=None, alias="ZALO_WEBHOOK_URL")
    zalo_webhook_secret: SecretStr | None = Field(default=None, alias="ZALO_WEBHOOK_SECRET")
    zalo_webhook_port: int = Field(default=8444, alias="ZALO_WEBHOOK_PORT")
    zalo_monthly_quota: int = Field(default=3000, alias="ZALO_MONTHLY_QUOTA")
    zalo_public_files_url: str | None = Field(default=None, alias="ZALO_PUBLIC_FILES_URL")
    reminder_time: time = Field(default=time(8, 0), alias="NHACVIEC_REMINDER_TIME")
    summary_weekday: int = Field(default=4, alias="NHACVIEC_SUMMARY_WEEKDAY")  # Monday = 0, Friday = 4
    summary_time: time = Field(default=time(16, 0), alias="NHACVIEC_SUMMARY_TIME")
    invite_days: int = Field(default=7, alias="NHACVIEC_INVITE_DAYS")

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> tuple[str, ...]:
        if value is None or value == "":
            return ()
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return tuple(str(v) for v in value)  # type: ignore[union-attr]

    @field_validator("tz")
    @classmethod
    def _known_zone(cls, value: str, info: ValidationInfo) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(t("setting_bad_zone", info.data.get("lang", "vi"), zone=repr(value))) from exc
        return value

    @field_validator("lang")
    @classmethod
    def _known_lang(cls, value: str) -> str:
        if value not in LANGUAGES:
            raise ValueError(t("setting_bad_lang"))  # the language is what is wrong: said in Vietnamese
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)


def core_settings(settings: Settings) -> CoreSettings:
    """The part of the settings the core needs (no secrets cross this line)."""
    return CoreSettings(
        tz=settings.zone,
        lang=settings.lang,
        # NHACVIEC_ADMIN_IDS are Telegram user ids (CONTRACTS.md)
        admin_ids=frozenset(f"telegram:{user_id}" for user_id in settings.admin_ids),
        invite_days=settings.invite_days,
        files_dir=settings.files_dir,
    )


def system_clock() -> datetime:
    """The real clock; tests and `tick --at` inject their own."""
    return datetime.now(UTC)
