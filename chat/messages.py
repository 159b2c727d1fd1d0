"""The seam between chat channels and the core: plain values, no chat library types."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal, Protocol

TEXT_LIMIT = 4000  # the longest text the core puts in one message (and one outbox row); a channel showing less splits it
CHOICE_LIMIT = 100  # the most choices the core puts on one message (Telegram's inline keyboard holds 100 buttons)


@dataclass(frozen=True)
class ChannelLimits:
    """What one channel can show; each adapter declares its own and renders within it."""

    text: int  # characters (UTF-16 units) in one message
    buttons: bool  # inline buttons; without them choices become a numbered list answered by typing a number
    documents: bool  # files sent as files; without them a file becomes a link (or a line saying it was not sent)
    replies: bool  # a message answers another by replying to it; without, plain text answers the chat's latest


@dataclass(frozen=True)
class Attachment:
    """A file someone sent: the platform's file id plus what we know of it."""

    file_id: str
    name: str
    size: int | None = None
    mime_type: str | None = None
    kind: Literal["document", "photo"] = "document"


@dataclass(frozen=True)
class IncomingMessage:
    """One thing a person did in a chat: a text, a button press, a file, or an edit."""

    channel: str  # the name of the channel it came from, as its adapter calls itself
    chat_id: str
    user_id: str  # the platform's user id, as text
    text: str = ""
    message_id: str | None = None
    user_name: str = ""
    chat_type: Literal["private", "group"] = "private"
    reply_to_ref: str | None = None  # message id this one answers
    button_data: str | None = None  # callback data of a pressed button
    attachment: Attachment | None = None
    reply_to_attachment: Attachment | None = None  # file in the message this one answers (/import)
    edited: bool = False
    language_code: str | None = None


@dataclass(frozen=True)
class Choice:
    """A button: its label and the opaque data the core gets back when pressed."""

    label: str
    data: str


@dataclass(frozen=True)
class OutgoingFile:
    """A file to send: bytes in memory and the name the person will see."""

    name: str
    data: bytes
    kind: Literal["document", "photo"] = "document"
    caption: str | None = None


@dataclass(frozen=True)
class OutgoingMessage:
    """What the core wants said. Text is plain (adapters escape it); `bold` lines are rendered strong."""

    text: str
    choices: tuple[tuple[Choice, ...], ...] = ()  # rows of buttons
    files: tuple[OutgoingFile, ...] = ()
    reply_to: str | None = None
    chat_id: str | None = None  # None: the chat the incoming message came from
    # what a reply to this message refers to; the adapter records it with the sent message id
    refers_to: tuple[dict[str, Any], ...] = ()
    kind: str = "answer"

    def to_json(self) -> dict[str, Any]:
        """JSON for the outbox (files are not queued; they are sent directly)."""
        data: dict[str, Any] = {
            "text": self.text,
            "choices": [[{"label": c.label, "data": c.data} for c in row] for row in self.choices],
            "refers_to": list(self.refers_to),
            "kind": self.kind,
        }
        if self.reply_to is not None:  # an answer in a group, under the message it answers
            data["reply_to"] = self.reply_to
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OutgoingMessage:
        return cls(
            text=data["text"],
            choices=tuple(tuple(Choice(c["label"], c["data"]) for c in row) for row in data.get("choices", [])),
            refers_to=tuple(data.get("refers_to", [])),
            kind=data.get("kind", "answer"),
            reply_to=data.get("reply_to"),
        )


class SendError(Exception):
    """A channel failed to send. `retry_after` set: wait that long; `permanent`: never retry."""

    def __init__(
        self,
        message: str,
        *,
        retry_after: float | None = None,
        permanent: bool = False,
        unreachable: bool = False,
    ) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.permanent = permanent
        self.unreachable = unreachable


class Messenger(Protocol):
    """What the core needs from a channel: send a message to a chat, get its message id."""

    channel: str

    async def send(self, chat_id: str, message: OutgoingMessage) -> str:
        """Send and return the platform's message id; raise SendError on failure."""
        ...


# ---- cutting long texts ------------------------------------------------------------------------

LINE_CHARS = 60  # a plan's task title shortened to one line of a phone screen


def shorten(text: str, limit: int = LINE_CHARS) -> str:
    """A plan's long task title cut at a word for a chat list ("…" marks the cut)."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"



def utf16_len(text: str) -> int:
    """Length as chat platforms count it (UTF-16 code units: an emoji outside the BMP counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def _cut_point(line: str, limit: int) -> int:
    """Where to cut an over-long line: at most `limit` UTF-16 units, at a space when one is near."""
    size = 0
    end = 0
    for i, ch in enumerate(line):
        size += 2 if ord(ch) > 0xFFFF else 1
        if size > limit:
            break
        end = i + 1
    # never leave a combining mark, variation selector or joiner at the start of the next piece
    while 0 < end < len(line) and (
        unicodedata.combining(line[end]) or line[end] in "\u200d\ufe0f\ufe0e" or line[end - 1] == "\u200d"
    ):
        end -= 1
    space = line.rfind(" ", 0, end)
    if space > end // 2:
        return space + 1
    return max(end, 1)


def split_chunks(lines: Iterable[str], limit: int) -> list[str]:
    """Join lines into messages of at most `limit` UTF-16 units, never cutting a line that fits."""
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for line in lines:
        pieces = [line]
        if utf16_len(line) > limit:
            pieces = []
            rest = line
            while utf16_len(rest) > limit:
                cut = _cut_point(rest, limit)
                pieces.append(rest[:cut].rstrip() or rest[:cut])
                rest = rest[cut:]
            pieces.append(rest)
        for piece in pieces:
            extra = utf16_len(piece) + (1 if current else 0)
            if current and size + extra > limit:
                carried = _part_heading(current)
                carried_size = utf16_len("\n".join(carried))
                if not carried or carried_size + 1 + utf16_len(piece) > limit:
                    carried, carried_size = [], 0
                chunks.append("\n".join(current[: len(current) - len(carried)]))
                current, size = carried, carried_size
                extra = utf16_len(piece) + (1 if current else 0)
            current.append(piece)
            size += extra
    if current:
        chunks.append("\n".join(current))
    # blank lines at a chunk's edge are noise in chat
    return [c.strip("\n") for c in chunks if c.strip()]


def _part_heading(lines: list[str]) -> list[str]:
    """The heading (and legend) a message would end on, the body of its part going to the next one: the up to two
    lines after the last blank line, when something comes before that blank."""
    if "" not in lines:
        return []
    blank = len(lines) - 1 - lines[::-1].index("")
    tail = lines[blank + 1 :]
    return tail if 0 < blank and 0 < len(tail) <= 2 else []


def split_text(text: str, limit: int) -> list[str]:
    """A message cut between lines into chat-sized pieces (`split_chunks` of its lines)."""
    return split_chunks(text.split("\n"), limit) or [text[:limit]]
