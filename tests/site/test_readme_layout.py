"""README's Layout names every app and every package inside it, so it matches the folders."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP_FOLDERS = ("site", "events", "community", "testimonials", "campaigns")
SKIP = {"migrations", "templatetags", "management", "commands", "settings", "static", "__pycache__"}


def _layout_rows():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Layout", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        if line.startswith("| `"):
            first, rest = line[2:].split("|", 1)
            for folder in re.findall(r"`([^`]+/)`", first):
                rows[folder.rstrip("/")] = rest
    return rows


def _packages():
    for folder in APP_FOLDERS:
        for init in sorted((ROOT / folder).rglob("__init__.py")):
            package = init.parent.relative_to(ROOT)
            if not SKIP.intersection(package.parts):
                yield package


def _app_of(package):
    for candidate in [package, *package.parents]:
        if (ROOT / candidate / "apps.py").exists():
            return candidate
    return None


def test_every_app_has_a_row_in_the_layout_table():
    rows = _layout_rows()
    apps = {_app_of(package) for package in _packages()} - {None}
    missing = sorted(str(app) for app in apps if str(app) not in rows)
    assert not missing, f"README Layout has no row for {missing}"


def test_every_package_inside_an_app_is_named_in_its_row():
    rows = _layout_rows()
    missing = []
    for package in _packages():
        app = _app_of(package)
        if app is None or app == package:
            continue
        name = f"`{package.relative_to(app).parts[-1]}/`"
        if name not in rows.get(str(app), ""):
            missing.append(str(package))
    assert not missing, f"README Layout does not name {missing}"
