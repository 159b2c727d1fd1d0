"""Old Word documents (.doc) converted to .docx by LibreOffice, when `soffice` is installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from i18n import N_
from plans.model import PlanError

CONVERT_SECONDS = 60


def doc_to_docx(data: bytes, name: str) -> bytes:
    """The .docx LibreOffice makes of a .doc; without LibreOffice a PlanError saying how to save as .docx."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise PlanError(N_("plan_doc_needs_libreoffice"), name=name)
    with tempfile.TemporaryDirectory(prefix="nhacviec-doc-") as folder:
        source = Path(folder) / "plan.doc"
        source.write_bytes(data)
        try:
            subprocess.run(
                [soffice, "--headless", "--norestore", "--convert-to", "docx", "--outdir", folder, str(source)],
                capture_output=True, timeout=CONVERT_SECONDS, check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PlanError(N_("plan_doc_unconverted"), name=name, detail=exc) from exc
        converted = Path(folder) / "plan.docx"
        if not converted.exists():
            raise PlanError(N_("plan_doc_unconverted"), name=name, detail="LibreOffice")
        return converted.read_bytes()
