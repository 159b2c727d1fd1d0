"""Time the plan importer: the three seed plans, then a generated 2,000-task text plan.

Run: python bench/import.py [SEEDS_DIR]   (prints figures; target < 0.3 s for the three seeds together)
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


def main() -> None:
    """Print the figures."""
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


if __name__ == "__main__":
    main()
