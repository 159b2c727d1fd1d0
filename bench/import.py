"""Time the plan importer: the three seed plans, a generated 2,000-task text plan, and a generated 40-page PDF plan.

Run: python bench/import.py [SEEDS_DIR]   (prints figures; targets: < 0.3 s for the three seeds together,
< 5 s for the 40-page PDF). A fixed pure-Python loop is timed first as the machine's baseline: on a busy
machine compare the figures with it, not with another run's.
SEEDS_DIR defaults to ../shared/seeds beside the repository; without it, the bundled sample plan is timed alone.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from plans.importer import read_plan, read_plan_file

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
BUNDLED = ROOT / "bot" / "data"
LEADS = ("Trưởng Phòng Nội vụ quận", "Chánh Văn phòng UBND quận", "Trưởng Phòng Tư pháp quận",
         "Trưởng Phòng Tài chính - Kế hoạch quận", "Thủ trưởng cơ quan, đơn vị; Chủ tịch UBND 10 phường")
DEADLINES = ("Trong năm 2025", "Quý I năm 2025", "Trước ngày 30/6/2025", "Thường xuyên",
             "- Quý II năm 2025: Ban hành Kế hoạch; - Báo cáo trong tháng 11 năm 2025")


def generated_plan(tasks: int = 2000) -> bytes:
    """A text plan with `tasks` rows in sections of 50, the header repeated every 10 rows."""
    header = "STT\tNhiệm vụ cụ thể\tSản phẩm\tChủ trì\tPhối hợp\tThời gian hoàn thành"
    lines = ["Số: 99/KH-UBND", "", "Quận 1, ngày 10 tháng 01 năm 2025", "", "KẾ HOẠCH",
             "Cải cách hành chính năm 2025", "", header]
    for i in range(tasks):
        section, item = divmod(i, 50)
        if item == 0:
            lines.append(f"{section + 1}\tLĩnh vực {section + 1}\t\t\t\t")
        if i % 10 == 9:
            lines.append(header)
        lines.append(
            f"{section + 1}.{item + 1}\tNhiệm vụ số {i + 1}: rà soát, báo cáo kết quả thực hiện\t- Kế hoạch; - Báo cáo"
            f"\t{LEADS[i % len(LEADS)]}\t- Mặt trận Tổ quốc Việt Nam quận cùng giám sát.\t{DEADLINES[i % len(DEADLINES)]}"
        )
    return "\n".join(lines).encode()


FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
PDF_PAGES = 40


def generated_pdf(rows: int) -> tuple[bytes, int]:
    """A plan drawn as a PDF (fpdf2, DejaVu for the Vietnamese glyphs): a heading, then a ruled task table of
    `rows` rows, its header repeated on each page; the bytes and the number of pages."""
    from fpdf import FPDF  # a test dependency: only this benchmark draws PDFs

    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=8)
    pdf.add_page()
    for line in ("ỦY BAN NHÂN DÂN QUẬN 1", "Số: 98/KH-UBND", "Quận 1, ngày 10 tháng 01 năm 2025", "KẾ HOẠCH",
                 "Cải cách hành chính năm 2025"):
        pdf.cell(text=line, new_x="LMARGIN", new_y="NEXT")
    with pdf.table(col_widths=(10, 70, 45, 35, 30), first_row_as_headings=False, repeat_headings=0) as table:
        row = table.row()
        for cell in ("STT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời gian hoàn thành"):
            row.cell(cell)
        for i in range(rows):
            section, item = divmod(i, 50)
            row = table.row()
            for cell in (f"{section + 1}.{item + 1}", f"Nhiệm vụ số {i + 1}: rà soát, báo cáo kết quả thực hiện",
                         LEADS[i % len(LEADS)], "Văn phòng UBND quận", DEADLINES[i % 4]):
                row.cell(cell)
    data = bytes(pdf.output())
    return data, pdf.page_no()


def baseline() -> float:
    """Seconds for a fixed pure-Python loop: how fast this machine is right now."""
    start = time.perf_counter()
    total = 0
    for i in range(2_000_000):
        total += i % 7
    return time.perf_counter() - start


def main() -> None:
    """Print the figures."""
    print(f"baseline: a fixed loop in {baseline() * 1000:.1f} ms")
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else SEEDS
    seeds = sorted(folder.glob("*.txt")) or sorted(BUNDLED.glob("*.txt"))
    if not folder.is_dir():
        print(f"{folder} not found: timing the bundled sample plan only")
    read_plan_file(seeds[0])  # warm up imports and compiled patterns
    total = 0.0
    for path in seeds:
        start = time.perf_counter()
        plan = read_plan_file(path)
        elapsed = time.perf_counter() - start
        total += elapsed
        print(f"{path.name}: {len(plan.tasks)} tasks in {elapsed * 1000:.1f} ms")
    print(f"{len(seeds)} plan(s): {total * 1000:.1f} ms total (target < 300 ms for the three seeds)")
    data = generated_plan()
    start = time.perf_counter()
    plan = read_plan(data, "generated.txt")
    elapsed = time.perf_counter() - start
    print(f"generated plan: {len(plan.tasks)} tasks in {elapsed * 1000:.1f} ms "
          f"({elapsed / len(plan.tasks) * 1e6:.0f} µs per task)")
    if not FONT.exists():
        print(f"{FONT} not found: PDF plan not timed")
        return
    rows = 25 * PDF_PAGES
    data, pages = generated_pdf(rows)
    while pages < PDF_PAGES:  # rows per page depend on the font's metrics: add rows until there are 40 pages
        rows += 25 * (PDF_PAGES - pages)
        data, pages = generated_pdf(rows)
    start = time.perf_counter()
    plan = read_plan(data, "generated.pdf")
    elapsed = time.perf_counter() - start
    print(f"{pages}-page PDF plan: {len(plan.tasks)} tasks in {elapsed:.2f} s (target < 5 s)")


if __name__ == "__main__":
    main()
