"""The import layers of docs/architecture.md hold, and `make lint` would catch a break: the linter's own
run on a copy of the code with one forbidden import fails and names it. No module takes part in an import
circle."""

import shutil
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[3]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(tree / "pyproject.toml"), "--no-cache"],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


def copy_of_the_code(tmp_path: Path) -> Path:
    shutil.copytree(
        ROOT / "jazari", tmp_path / "jazari", ignore=shutil.ignore_patterns("*.pyc", "static", "locale")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_it_keeps_the_layers_of_the_code_as_it_is(tmp_path):
    result = lint_imports(copy_of_the_code(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_it_fails_when_network_imports_projects(tmp_path):
    tree = copy_of_the_code(tmp_path)
    views = tree / "jazari" / "network" / "views.py"
    views.write_text(views.read_text() + "\nfrom jazari.projects.models import Project  # noqa\n")
    result = lint_imports(tree)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    assert "jazari.network.views -> jazari.projects.models" in result.stdout


def test_no_module_takes_part_in_an_import_circle():
    graph = grimp.build_graph("jazari")
    modules = {module for module in graph.modules if ".tests" not in module and module != "jazari.conftest"}
    circles = [
        (module, imported)
        for module in sorted(modules)
        for imported in graph.find_modules_directly_imported_by(module) & modules
        if graph.chain_exists(importer=imported, imported=module)
    ]
    assert circles == []
