"""Evidence files kept apart: each stored under a name of its own (its content's hash), the original name kept
in the row; same names, near-same names and hostile names never overwrite each other or fail a report."""

from __future__ import annotations

from pathlib import Path

import pytest

from chat.messages import Attachment
from storage.files import evidence_name, safe_name, save_public
from tests.reliability_core import open_core

OWN = "Phường Bến Nghé"


def test_the_stored_name_is_the_contents_hash_with_a_plain_extension():
    assert evidence_name("bien-ban.jpg", b"a") != evidence_name("bien-ban.jpg", b"b")
    assert evidence_name("bao cao.pdf", b"a").endswith(".pdf")
    assert evidence_name("BAO_CAO.PDF", b"a") == evidence_name("bao cao.pdf", b"a")  # the same evidence
    for hostile in ("..", ".", "/etc/passwd", "", "a\x00b", "x.\x07", "../../x.sh", "C:\\boot.ini", "tên.ấy"):
        stored = evidence_name(hostile, b"a")
        assert "/" not in stored and "\\" not in stored and stored not in (".", "..")
        assert len(stored) in (64, 64 + len(Path(stored).suffix))
    for hostile in ("..", ".", "/", "", "...", "a/..", "\x00"):
        assert safe_name(hostile) not in ("", ".", "..")


async def test_public_copies_of_hostile_names_are_written(tmp_path):
    for hostile in ("..", ".", "/etc/passwd", ""):
        relative = await save_public(tmp_path, hostile, b"x")
        assert (tmp_path / "public" / relative).read_bytes() == b"x"


async def test_files_of_one_report_never_overwrite_each_other(tmp_path):
    """A status button, then files sent one after another for the same report (the note step)."""
    core = await open_core(tmp_path)
    try:
        await core.link("2", "head", OWN)
        task, occurrence = await core.task_id("1.1"), await core.occurrence_of("1.1")
        await core.send("2", button_data=f"r:{task}:{occurrence}:done", message_id="1")
        files = [("bien-ban.jpg", b"anh 1"), ("bien-ban.jpg", b"anh 2"), ("bao cao.pdf", b"pdf 1"),
                 ("bao_cao.pdf", b"pdf 2"), ("bao  cao.pdf", b"pdf 3")]
        for n, (name, data) in enumerate(files):
            core.files[f"F{n}"] = data
            answer = await core.text("2", attachment=Attachment(f"F{n}", name, len(data)), message_id=str(10 + n))
            assert name in answer, answer
        rows = await core.db.execute_fetchall("SELECT report_id, file_name, local_path FROM evidence ORDER BY id")
        assert len({r[0] for r in rows}) == 1 and await core.count("reports") == 1
        assert [r[1] for r in rows] == [name for name, _ in files]  # the original names, as sent
        assert [Path(r[2]).read_bytes() for r in rows] == [data for _, data in files]
        assert len({r[2] for r in rows}) == len(files)
    finally:
        await core.db.close()


@pytest.mark.parametrize("name", ["..", ".", "/etc/passwd", "", "bien\x00ban\x07.jpg", "\n", "../../../tmp/x"])
async def test_a_file_name_never_fails_or_rolls_back_a_report(tmp_path, name):
    core = await open_core(tmp_path)
    try:
        await core.link("2", "head", OWN)
        await core.send("2", "/tasks", message_id="9", sent_as="10")
        core.files["F"] = b"minh chung"
        answer = await core.text("2", "1.1 xong", reply_to_ref="10", message_id="11",
                                 attachment=Attachment("F", name, 10))
        assert "Đã ghi nhận 1.1" in answer, answer
        assert await core.count("reports") == 1
        ((stored_name, path),) = await core.db.execute_fetchall("SELECT file_name, local_path FROM evidence")
        assert stored_name == name
        files = (tmp_path / "files").resolve()
        assert Path(path).resolve().parent.parent == files  # files/<report id>/<hash>
        assert Path(path).read_bytes() == b"minh chung"
    finally:
        await core.db.close()
