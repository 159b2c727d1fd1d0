"""An installed nhacviec (README: `pip install /path/to/nhacviec`) carries every file its packages read."""

import tomllib
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _package_of(folder: Path) -> str | None:
    """The dotted package a folder is, or None when it is not one."""
    if not (folder / "__init__.py").exists():
        return None
    return ".".join(folder.relative_to(ROOT).parts)


def test_every_data_file_of_the_packages_is_in_package_data() -> None:
    """A migration left out of the wheel made every command of an installed copy fail at import."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    tops = [pattern.rstrip("*") for pattern in config["packages"]["find"]["include"]]
    package_data = config["package-data"]
    missing = []
    for top in tops:
        for path in (ROOT / top).rglob("*"):
            # .mo catalogues are not shipped: i18n compiles the .po files in memory
            if not path.is_file() or path.suffix in {".py", ".pyc", ".mo"} or "__pycache__" in path.parts:
                continue
            covered = False
            for folder in path.parents:
                if folder == ROOT:
                    break
                package = _package_of(folder)
                if package is None:
                    continue
                relative = path.relative_to(folder).as_posix()
                if any(fnmatch(relative, pattern) for pattern in package_data.get(package, [])):
                    covered = True
            if not covered:
                missing.append(path.relative_to(ROOT).as_posix())
    assert not missing, f"left out of an installed nhacviec: {missing[:5]}"
    assert any(path.suffix == ".sql" for path in (ROOT / "storage" / "migrations").iterdir())
