"""The layer order of the apps: loket (site/) <- events <- community (with intervision)
<- testimonials <- campaigns (with mailings and attribution). A module imports only from its
own layer or one to its left; a later app reaches an earlier one, never the other way round.

The test reads every module's imports with ``ast`` (top level, local and ``TYPE_CHECKING``
ones alike) without importing anything, so it needs no database and runs in milliseconds.
"""

import ast
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]

# The folders of the project's packages and the name each is imported as.
PACKAGES = {
    "site": "loket",
    "events": "events",
    "community": "community",
    "testimonials": "testimonials",
    "campaigns": "campaigns",
}

# Left to right: a module may import from its own layer and the ones before it.
LAYERS = ["loket", "events", "community", "testimonials", "campaigns"]


def layer_of(module):
    """The index of the layer ``module`` belongs to, or None for a module outside the project."""
    top = module.split(".", 1)[0]
    return LAYERS.index(top) if top in LAYERS else None


def project_modules(project_dir=PROJECT_DIR):
    """(dotted name, path) of every module of the project, without migrations and tests."""
    for folder, package in PACKAGES.items():
        root = project_dir / folder
        for path in sorted(root.rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if "migrations" in parts or "tests" in parts or parts[-1].startswith("test_"):
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            yield ".".join((package, *parts)), path


def imported_modules(module, path):
    """(line, dotted name) of everything ``path`` imports, relative imports resolved."""
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                if not is_package:
                    base = base[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module
            yield node.lineno, target


def upward_imports(project_dir=PROJECT_DIR):
    """One line per import that points up the layer order, naming the module and the import."""
    found = []
    for module, path in project_modules(project_dir):
        own = layer_of(module)
        for line, target in imported_modules(module, path):
            theirs = layer_of(target)
            if theirs is not None and theirs > own:
                where = path.relative_to(project_dir)
                found.append(f"{module} ({where}:{line}) imports {target}")
    return found


def test_the_walk_sees_every_layer():
    modules = dict(project_modules())
    assert {layer_of(name) for name in modules} == set(range(len(LAYERS)))
    assert "loket.core.models" in modules
    assert "community.intervision.services" in modules
    assert "campaigns.attribution.services" in modules
    assert not any(".migrations" in name for name in modules)


@pytest.mark.parametrize(
    ("module", "filename", "source", "expected"),
    [
        ("events.services", "__init__.py", "from .base import x", "events.services.base"),
        ("events.services.base", "base.py", "from ..models import Event", "events.models"),
        ("events.services.base", "base.py", "from . import checkin", "events.services"),
        ("loket.intake.privacy", "privacy.py", "def f():\n    import campaigns.x", "campaigns.x"),
    ],
)
def test_imports_are_read_everywhere_and_relative_ones_resolved(
    tmp_path, module, filename, source, expected
):
    path = tmp_path / filename
    path.write_text(source, encoding="utf-8")
    assert [name for _, name in imported_modules(module, path)] == [expected]


def test_the_sub_apps_share_their_apps_layer():
    assert layer_of("loket.core.models") < layer_of("events.models")
    assert layer_of("community.intervision.models") == layer_of("community.models")
    assert layer_of("campaigns.attribution.services") == layer_of("campaigns.mailings")
    assert layer_of("django.db") is None


def test_an_import_from_a_later_layer_is_named(tmp_path):
    for folder in PACKAGES:
        (tmp_path / folder).mkdir()
    (tmp_path / "site" / "views.py").write_text("from campaigns.pages import CampaignPage\n")
    (tmp_path / "campaigns" / "views.py").write_text("from loket.core.models import HomePage\n")
    assert upward_imports(tmp_path) == ["loket.views (site/views.py:1) imports campaigns.pages"]


def test_no_module_imports_from_a_later_layer():
    found = upward_imports()
    assert not found, "Imports that point up the layer order:\n" + "\n".join(found)
