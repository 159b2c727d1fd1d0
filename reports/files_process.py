"""The summary's spreadsheet (and the report's draft) written in a process of their own.

At national scale the detail lines (280,000 objects) and the workbook take seconds of CPU that hold the
interpreter's lock: in the bot's process they would hold up every other chat and the chart. The bot reads
the lines' rows (its helper tables are on its own connections) and pipes them, pickled in batches, to a
fresh `python -m reports.files_process`, which makes the lines as they come (on the machine's other
core), sorts them, writes the files and pipes them back. Nothing stays running between summaries.
"""

from __future__ import annotations

import asyncio
import pickle
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import BinaryIO

from reports.docx import render_docx
from reports.xlsx import render_xlsx
from storage.rollup_lines import LineMaker
from storage.rollup_values import Rollup
from storage.rollups import OpenRollup

_STDERR_SHOWN = 2000  # the end of a failed process's error output, kept in the exception


class FilesProcessError(RuntimeError):
    """The files' process failed: its exit status and the end of what it wrote to stderr."""


async def write_files(
    opened: OpenRollup, rollup: Rollup, lang: str, *, draft: bool
) -> tuple[bytes, bytes | None]:
    """The XLSX of `rollup` (the summary of `opened`) with every detail line, and its DOCX draft when
    `draft`, written by a process of their own."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "reports.files_process",
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    assert process.stdin is not None
    reading = asyncio.ensure_future(process.communicate())  # drains its output while the rows go in
    try:
        # the lists only the text shows stay here (14,000 blockers at national scale: pickling costs)
        head = replace(rollup, blockers=(), support_blockers=(), changes=(), non_responders=(), late=(), soon=())
        process.stdin.write(pickle.dumps((lang, draft, head, await opened.line_texts()), pickle.HIGHEST_PROTOCOL))
        async for batch in opened.line_rows():
            process.stdin.write(pickle.dumps(batch, pickle.HIGHEST_PROTOCOL))
            await process.stdin.drain()
        process.stdin.write(pickle.dumps(None))
        await process.stdin.drain()
        process.stdin.close()
    except (BrokenPipeError, ConnectionResetError):
        pass  # it stopped reading: its exit status and stderr below say why
    except BaseException:
        process.kill()
        await asyncio.gather(reading, return_exceptions=True)
        raise
    out, err = await reading
    if process.returncode != 0:
        raise FilesProcessError(f"files process exited with {process.returncode}: {err.decode()[-_STDERR_SHOWN:]}")
    xlsx, docx = pickle.loads(out)
    return xlsx, docx


def _write(stdin: BinaryIO, stdout: BinaryIO) -> None:
    """The process's side: the head, then batches of rows until None; the files, pickled, on stdout."""
    lang, draft, head, texts = pickle.load(stdin)
    maker = LineMaker(texts)
    while (batch := pickle.load(stdin)) is not None:
        role, rows = batch
        maker.add(role, rows)
    full = maker.complete(head)
    if draft:
        with ThreadPoolExecutor(1) as pool:  # the DOCX beside the XLSX (the writer releases the lock)
            docx = pool.submit(render_docx, full, lang=lang)
            xlsx = render_xlsx(full, lang)
            files: tuple[bytes, bytes | None] = (xlsx, docx.result())
    else:
        files = (render_xlsx(full, lang), None)
    stdout.write(pickle.dumps(files, pickle.HIGHEST_PROTOCOL))
    stdout.flush()


if __name__ == "__main__":
    _write(sys.stdin.buffer, sys.stdout.buffer)
