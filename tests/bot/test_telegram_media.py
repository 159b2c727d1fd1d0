"""A video, a video note, an audio file or a voice note sent on Telegram is a file like a document (evidence
never dropped unsaid): before, only documents and photos reached the core and a clip captioned «1.1 xong»
stored the report without its file."""

from __future__ import annotations

from telegram import Update

from bot.telegram import to_incoming

_CHAT = {"id": 7, "type": "private"}
_USER = {"id": 7, "is_bot": False, "first_name": "Lan"}


def _update(**content) -> Update:
    message = {"message_id": 5, "date": 1741572000, "chat": _CHAT, "from": _USER, **content}
    return Update.de_json({"update_id": 1, "message": message}, None)


def test_clips_and_recordings_reach_the_core_as_files():
    video = {"file_id": "V1", "file_unique_id": "u1", "width": 1, "height": 1, "duration": 3, "file_size": 900,
             "mime_type": "video/mp4", "file_name": "le-ra-quan.mp4"}
    msg = to_incoming(_update(video=video, caption="1.1 xong"))
    assert msg is not None and msg.text == "1.1 xong"
    assert msg.attachment is not None and (msg.attachment.file_id, msg.attachment.name) == ("V1", "le-ra-quan.mp4")
    assert (msg.attachment.size, msg.attachment.mime_type, msg.attachment.kind) == (900, "video/mp4", "document")
    named = {
        "video_note": {"file_id": "N1", "file_unique_id": "u2", "length": 1, "duration": 3},
        "voice": {"file_id": "O1", "file_unique_id": "u3", "duration": 3, "mime_type": "audio/ogg"},
        "audio": {"file_id": "A1", "file_unique_id": "u4", "duration": 3},
    }
    names = {kind: to_incoming(_update(**{kind: media})).attachment.name for kind, media in named.items()}
    assert names == {"video_note": "video-u2.mp4", "voice": "ghi-am-u3.ogg", "audio": "ghi-am-u4.mp3"}
