"""The report draft as DOCX (quarterly or yearly, titled by its period): heading, period, one part per reform
area, the figures table."""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from chat.printable import printable
from i18n import N_, t
from i18n.collation import vi_sort_key
from i18n.formats import format_date, format_number, format_percent, printed_number
from plans.documents import capitalised, document_kind
from reports.text import STATE_NAMES, format_rate, last_report_text, period_label
from storage.plans import PlanWithCounts
from storage.rollup_values import DetailLine, Rollup

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.table import Table

def _task_items(lines: list[DetailLine], lang: str) -> list[str]:
    """One bullet per task, its agencies (with notes) joined, in plan order."""
    by_task: dict[int, list[DetailLine]] = defaultdict(list)
    for d in lines:
        by_task[d.task_id].append(d)
    items = []
    for group in by_task.values():
        first = group[0]
        agencies = "; ".join(_agency_note(d, lang) for d in sorted(group, key=lambda d: vi_sort_key(d.agency)))
        items.append(t("docx.item", lang, number=printed_number(first.number), title=first.title, agencies=agencies))
    return items


def _agency_note(d: DetailLine, lang: str) -> str:
    """An agency under a task, with what it last reported (an overdue task at 60 % says so) and its latest note;
    a blocked one says so (its line may sit under «quá hạn»)."""
    if d.status == "blocked":
        note = t("docx.blocked_note", lang, note=d.note) if d.note else t("docx.blocked", lang)
        return f"{d.agency} ({note})"
    said = "; ".join(part for part in (_progress(d, lang), d.note) if part)
    return f"{d.agency} ({said})" if said else d.agency


def _progress(d: DetailLine, lang: str) -> str:
    """What the agency last reported and when, «báo cáo ngày 12/04/2022: đang thực hiện, 60%»; "" when it never
    reported or reported it done (a done line says so by its part)."""
    if d.status is None or d.status == "done" or d.reported_on is None:
        return ""
    status = last_report_text(d.status, d.percent, None, "", lang)
    return t("docx9.reported", lang, day=format_date(d.reported_on, lang), status=status[:1].lower() + status[1:])


def _bullet(doc: DocxDocument, text: str) -> None:
    """A "List Bullet" paragraph holding `text`.

    python-docx's run text setter looks at every character for tabs and line breaks; a bullet naming
    every agency of a national plan runs to a hundred thousand characters, so text without either goes
    into the run's one <w:t> directly (the same XML, 7 s less at national scale).
    """
    text = printable(text)
    if "\t" in text or "\n" in text:
        doc.add_paragraph(text, style="List Bullet")
        return
    # python-docx loads when a report is drawn (see render_docx)
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    doc.add_paragraph(style="List Bullet")
    _just_added(doc, "p").append(parse_xml(f"<w:p {nsdecls('w')}>{_run_xml(text)}</w:p>")[0])


def _just_added(doc: DocxDocument, tag: str) -> object:
    """The body's last `tag` element ("p", "tbl"): the block python-docx has just added, as it adds blocks at
    the end of the body. python-docx gives no public way from a Paragraph or a Table to its XML."""
    name = f"{{http://schemas.openxmlformats.org/wordprocessingml/2006/main}}{tag}"
    return next(child for child in reversed(doc.element.body) if child.tag == name)


def _run_xml(text: str) -> str:
    space = ' xml:space="preserve"' if text.strip() != text else ""
    return f"<w:r><w:t{space}>{escape(text)}</w:t></w:r>" if text else "<w:r/>"


def _cell_xml(width: int, text: str) -> str:
    return f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr><w:p>{_run_xml(text)}</w:p></w:tc>'


def _add_rows(doc: DocxDocument, table: Table, rows: Iterable[Sequence[object]]) -> None:
    """Append rows of plain values to `table`, the document's last block: the XML python-docx's ``add_row`` and
    ``cell.text`` write.

    A national figures table has 3,500 rows, which python-docx builds element by element in seconds; here
    runs of rows are written as one string and parsed at once. A value holding a control character (a tab
    or line break becomes its own element) goes through python-docx itself.
    """
    # python-docx loads when a report is drawn (see render_docx)
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    widths = [col.width.twips for col in table.columns]
    tbl = _just_added(doc, "tbl")
    pending: list[str] = []

    def flush() -> None:
        if pending:
            for tr in list(parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(pending)}</w:tbl>")):
                tbl.append(tr)  # type: ignore[attr-defined]
            pending.clear()

    for row in rows:
        texts = [printable(str(value)) for value in row]
        if any(ch < " " for text in texts for ch in text):
            flush()
            for cell, text in zip(table.add_row().cells, texts, strict=True):
                cell.text = text
            continue
        cells = "".join(_cell_xml(width, text) for width, text in zip(widths, texts, strict=True))
        pending.append(f"<w:tr>{cells}</w:tr>")
        if len(pending) == 256:  # a few hundred kilobytes of XML at a time
            flush()
    flush()


def _late_parts(doc: DocxDocument, rollup: Rollup, lang: str) -> None:
    """The parts on deadlines a Phòng Nội vụ writes each quarter: the four on-time states, the on-time rate
    per agency (best first), the late tasks with their causes, the extensions granted."""
    c = rollup.totals
    doc.add_heading(t("docx.states", lang), level=1)
    doc.add_paragraph(
        t(
            "docx.states_figures",
            lang,
            on_time=format_number(c.done_on_time, lang),
            late=format_number(c.done_late, lang),
            open=format_number(c.open_on_time, lang),
            overdue=format_number(c.open_overdue, lang),
            rate=format_rate(c.on_time_pct, lang),
        )
    )
    judged = [a for a in rollup.agencies if a.counts.on_time_pct is not None]
    judged.sort(key=lambda a: (-(a.counts.on_time_pct or 0.0), -a.counts.done_on_time, vi_sort_key(a.name)))
    keys = [N_("col.agency"), N_("col.done_on_time"), N_("col.done_late"), N_("col.open_overdue"),
            N_("col.on_time_pct")]
    table = doc.add_table(rows=1, cols=len(keys))
    table.style = "Table Grid"
    for cell, key in zip(table.rows[0].cells, keys, strict=True):
        cell.text = t(key, lang)
        cell.paragraphs[0].runs[0].bold = True
    _add_rows(
        doc,
        table,
        ((a.name, a.counts.done_on_time, a.counts.done_late, a.counts.open_overdue,
          format_rate(a.counts.on_time_pct, lang)) for a in judged),
    )

    doc.add_heading(t("docx.late", lang), level=1)
    # every pair with a deadline missed in the period: past due, or done late (a series done late in April
    # and open in June is late twice; the figures above count each such deadline)
    late = [d for d in rollup.details if d.open_overdue or d.done_late]
    by_task: dict[int, list[DetailLine]] = defaultdict(list)
    for d in late:
        by_task[d.task_id].append(d)
    for group in by_task.values():
        first = group[0]
        causes = "; ".join(
            t("docx.late_agency", lang, agency=d.agency, state=_late_states(d, lang),
              cause=d.explanation or t("docx.no_explanation", lang))
            for d in sorted(group, key=lambda d: vi_sort_key(d.agency))
        )
        _bullet(doc, t("docx.item", lang, number=printed_number(first.number), title=first.title, agencies=causes))
    if not by_task:
        doc.add_paragraph(t("docx.none", lang))

    doc.add_heading(t("docx.extensions", lang), level=1)
    for e in rollup.extensions:
        _bullet(doc, t("docx.extension", lang, number=printed_number(e.number), title=e.title, agency=e.agency,
                       planned=format_date(e.planned_due, lang), new=format_date(e.new_due, lang), reason=e.reason))
    if not rollup.extensions:
        doc.add_paragraph(t("docx.none", lang))


def _late_states(d: DetailLine, lang: str) -> str:
    """«quá hạn chưa hoàn thành; 8 lượt hoàn thành trễ hạn; báo cáo ngày …: đang thực hiện, 60%»: each late state
    of the pair, counted when more than one deadline is in it, then what it last reported when still open."""
    parts = []
    for state, count in (("open_overdue", d.open_overdue), ("done_late", d.done_late)):
        name = t(STATE_NAMES[state], lang).lower()
        if count:
            parts.append(t("docx9.times", lang, count=format_number(count, lang), state=name) if count > 1 else name)
    if d.open_overdue and (progress := _progress(d, lang)):
        parts.append(progress)
    return "; ".join(parts)


def _office_layout(doc: DocxDocument, *, title: str, author: str) -> None:
    """Page, fonts and properties of an administrative document (Nghị định 30/2020/NĐ-CP, phụ lục I): A4,
    margins top and bottom 20 mm, left 30 mm, right 15 mm, Times New Roman 13 pt in black, headings too
    (python-docx's template is US Letter with blue theme-font headings, its author «python-docx»)."""
    # python-docx loads when a report is drawn (see render_docx)
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
    for name, size in (("Normal", 13), ("Heading 1", 13), ("Heading 2", 13), ("List Bullet", 13)):
        font = doc.styles[name].font
        font.name, font.size, font.color.rgb = "Times New Roman", Pt(size), RGBColor(0, 0, 0)
        if name != "Normal":
            font.bold = True
        fonts = doc.styles[name].element.rPr.rFonts
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)  # a theme font wins over the named one in Word
        fonts.set(qn("w:eastAsia"), "Times New Roman")
        fonts.set(qn("w:cs"), "Times New Roman")
    props = doc.core_properties
    props.author = props.last_modified_by = author
    props.title, props.comments, props.keywords, props.subject = title, "", "", ""


def _national_heading(doc: DocxDocument, issuer: str, lang: str) -> None:
    """The two columns heading an administrative document (Nghị định 30/2020, phụ lục I): the issuing body and
    «Số: …/BC-…» on the left, the national motto and the place and date line on the right, left to fill in."""
    # python-docx loads when a report is drawn (see render_docx)
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    table = doc.add_table(rows=1, cols=2)  # the template's default table style: no borders
    left, right = table.rows[0].cells
    left.width, right.width = Mm(62), Mm(103)
    columns = (
        (left, [(issuer.upper() if issuer else "……………", True, False), (t("docx.number_line", lang), False, False)]),
        (right, [(t("docx.nation", lang), True, False), (t("docx.motto", lang), True, False),
                 (t("docx.place_date", lang), False, True)]),
    )
    for cell, lines in columns:
        for i, (text, bold, italic) in enumerate(lines):
            paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()  # a new cell holds one, empty
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(text)
            run.bold, run.italic, run.font.size = bold, italic, Pt(13 if cell is right else 12)


def report_issuer(rollup: Rollup, plans: Iterable[PlanWithCounts]) -> str:
    """The body a report is headed by: the issuer of the plans with most tasks in it, so a ward's own plan or
    the city's (imported to follow the tasks it gives) does not head the district's report; "" when none
    names one."""
    in_report: Counter[int] = Counter()
    for section in rollup.sections:
        in_report[section.plan_id] += section.tasks
    weight: dict[str, tuple[int, int]] = {}
    for plan in plans:
        if plan.issuer:
            tasks, active = weight.get(plan.issuer, (0, 0))
            weight[plan.issuer] = (tasks + in_report[plan.id], active + plan.active_tasks)
    return max(weight, key=lambda issuer: weight[issuer], default="")


def render_docx(rollup: Rollup, *, label: str | None = None, lang: str = "vi", issuer: str = "") -> bytes:
    """A draft the office edits: done, in-progress and overdue tasks per section, and the figures table; laid
    out as an administrative document (A4, Times New Roman), `issuer` (the body the plans come from) its author."""
    # python-docx (with lxml) takes ~7 MB and a tenth of a second to load: only when a report is drawn
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = Document()
    period = printable(label or period_label(rollup, lang))
    first, second = t("docx.heading", lang, period=period).split("\n", 1)
    _office_layout(doc, title=f"{first} {second}", author=printable(issuer))
    _national_heading(doc, printable(issuer), lang)
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run(first).bold = True
    heading.add_run().add_break()
    heading.add_run(second).bold = True
    doc.add_paragraph(
        t("docx.period", lang, start=format_date(rollup.start, lang), end=format_date(rollup.end, lang), day=format_date(rollup.today, lang))
    ).alignment = WD_ALIGN_PARAGRAPH.CENTER

    by_section: dict[tuple[int, str], list[DetailLine]] = defaultdict(list)
    for d in rollup.details:
        by_section[(d.plan_id, d.section_number)].append(d)
    # two plans both number their sections from 1: each plan's sections then go under its own heading
    several_plans = len({s.plan_id for s in rollup.sections}) > 1
    plan_shown = None
    for s in rollup.sections:
        if several_plans and s.plan_id != plan_shown:
            plan_shown = s.plan_id
            kind = capitalised(t(document_kind(s.plan_code), lang))
            doc.add_heading(printable(t("docx9.plan", lang, kind=kind, code=s.plan_code)), level=1)
        lines = by_section.get((s.plan_id, s.number), [])
        title = s.title or t("docx.no_section", lang)
        heading_text = t("docx.part", lang, number=s.number, title=title) if s.number else title
        doc.add_heading(printable(heading_text), level=2 if several_plans else 1)
        c = s.counts
        doc.add_paragraph(
            t(
                "docx.part_figures",
                lang,
                lead=format_number(c.lead_tasks, lang),
                done=format_number(c.done, lang),
                pct=format_percent(c.completion_pct, lang),
                # the overdue bucket, as part c) lists it: a blocked task past its due date is overdue too
                overdue=format_number(c.overdue, lang),
            )
        )
        groups = (
            (N_("docx.done"), [d for d in lines if d.bucket == "done"]),
            (N_("docx9.in_progress"),
             [d for d in lines if d.bucket in ("on_track", "blocked", "stale")]),
            (N_("docx.overdue"), [d for d in lines if d.bucket == "overdue"]),
        )
        for key, chosen in groups:
            doc.add_paragraph(t(key, lang)).runs[0].bold = True
            items = _task_items(chosen, lang)
            for item in items:
                _bullet(doc, item)
            # b) lists what agencies reported under way; the figures count every deadline not yet due, mostly
            # not reported: the count said here, so that «Không có.» never stands beside «721 lượt … trong hạn»
            if key == "docx9.in_progress" and c.open_on_time:
                said = N_("docx9.not_yet_due") if items else N_("docx9.none_reported")
                doc.add_paragraph(t(said, lang, open=format_number(c.open_on_time, lang)))
            elif not items:
                doc.add_paragraph(t("docx.none", lang))

    _late_parts(doc, rollup, lang)

    doc.add_heading(t("docx.figures", lang), level=1)
    keys = [
        N_("col.agency"), N_("col.lead"), N_("col.done"), N_("col.on_track"), N_("col.overdue"), N_("col.blocked"),
        N_("col.never"), N_("col.pct"),
    ]
    table = doc.add_table(rows=1, cols=len(keys))
    table.style = "Table Grid"
    for cell, key in zip(table.rows[0].cells, keys, strict=True):
        cell.text = t(key, lang)
        cell.paragraphs[0].runs[0].bold = True
    _add_rows(
        doc,
        table,
        (
            (name, *(format_number(n, lang) for n in (c.lead_tasks, c.done, c.on_track, c.overdue, c.blocked,
                                                        c.never_reported, c.completion_pct)))
            for name, c in [
                *((a.name, a.counts) for a in rollup.agencies if a.counts.lead_tasks),
                (t("docx.total", lang), rollup.totals),
            ]
        ),
    )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
