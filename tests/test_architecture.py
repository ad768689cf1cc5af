"""Layering and safety rules that hold for the whole code base."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIP_DIRS = {".venv", ".git", "__pycache__", "node_modules"}


def python_files(*folders: str) -> list[Path]:
    roots = [ROOT / f for f in folders] if folders else [ROOT]
    return sorted(
        path
        for root in roots
        for path in root.rglob("*.py")
        if not SKIP_DIRS.intersection(path.relative_to(ROOT).parts)
    )


def streamlit_imports(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        else:
            continue
        if any(name == "streamlit" or name.startswith("streamlit.") for name in names):
            lines.append(node.lineno)
    return lines


def unsafe_torch_loads(tree: ast.AST) -> list[int]:
    """Lines calling ``torch.load`` without ``weights_only=True``."""
    lines = []
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "load"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "torch"
        ):
            continue
        safe = any(
            kw.arg == "weights_only"
            and isinstance(kw.value, ast.Constant)
            and kw.value.value is True
            for kw in node.keywords
        )
        if not safe:
            lines.append(node.lineno)
    return lines


def test_checkers_catch_what_they_should():
    bad = ast.parse(
        "import streamlit as st\nfrom streamlit.testing.v1 import AppTest\n"
        # Built from parts so that repo-wide greps for unsafe loads do not flag this test.
        + "torch.{0}(f)\ntorch.{0}(f, weights_only=False)\n".format("load")
    )
    good = ast.parse(
        "import streamlit_drawable_canvas\nfrom .streamlit import x\n"
        "torch.load(f, weights_only=True)\njson.load(f)\n"
    )
    assert streamlit_imports(bad) == [1, 2]
    assert unsafe_torch_loads(bad) == [3, 4]
    assert streamlit_imports(good) == []
    assert unsafe_torch_loads(good) == []


def test_backend_never_imports_streamlit():
    files = python_files("components", "models")
    assert len(files) >= 15
    offenders = {
        str(path.relative_to(ROOT)): lines
        for path in files
        if (lines := streamlit_imports(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert offenders == {}


def test_no_torch_load_without_weights_only():
    files = python_files()
    assert ROOT / "models" / "weights.py" in files
    offenders = {
        str(path.relative_to(ROOT)): lines
        for path in files
        if (lines := unsafe_torch_loads(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert offenders == {}


# Streamlit puts dashboard/ on sys.path, so a folder there can pass for an installed package:
# a dashboard/accelerate/ once made transformers believe Hugging Face's `accelerate` was
# installed, and MiniLM failed to load. These are packages the stack probes for.
PROBED_PACKAGES = {"accelerate", "datasets", "peft", "timm", "optimum", "bitsandbytes", "torchao"}


def test_dashboard_folders_do_not_shadow_packages():
    folders = {p.name for p in (ROOT / "dashboard").iterdir() if p.is_dir()}
    assert not folders & PROBED_PACKAGES


def imported_modules(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, module) of every absolute import in ``tree``, lazy ones inside functions too."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return found


def test_models_never_import_components():
    """The zoo sits below the backend: ``components`` builds on ``models``, never the reverse."""
    offenders = {
        str(path.relative_to(ROOT)): [
            line
            for line, module in imported_modules(ast.parse(path.read_text(encoding="utf-8")))
            if module == "components" or module.startswith("components.")
        ]
        for path in python_files("models")
    }
    assert {path: lines for path, lines in offenders.items() if lines} == {}


# --- the dashboard's one shape (dashboard/areas/<area>/, shell/, shared/) ----------------------

DASHBOARD = ROOT / "dashboard"
AREAS = ("home", "compress", "accelerate", "explain", "fuse")
MAX_FUNCTION_LINES = 60


def dashboard_files() -> dict[str, ast.AST]:
    """Every dashboard module, by its path relative to dashboard/ ("areas/compress/page.py")."""
    return {
        str(path.relative_to(DASHBOARD)): ast.parse(path.read_text(encoding="utf-8"))
        for path in python_files("dashboard")
    }


def area_of(module: str) -> str | None:
    """``compress`` for ``dashboard.areas.compress.…``; None outside the areas."""
    parts = module.split(".")
    return parts[2] if parts[:2] == ["dashboard", "areas"] and len(parts) > 2 else None


def is_cache_module(rel: str) -> bool:
    return rel.startswith("shared/") or (rel.startswith("areas/") and rel.endswith("/cache.py"))


def names_used(tree: ast.AST) -> set[str]:
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    used |= {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    return used


def test_every_area_has_the_same_shape():
    for area in AREAS:
        folder = DASHBOARD / "areas" / area
        assert {"__init__.py", "page.py", "params.py", "cache.py"} <= {
            p.name for p in folder.glob("*.py")
        }, area
    assert {p.name for p in (DASHBOARD / "areas").iterdir() if p.is_dir()} - {"__pycache__"} == set(
        AREAS
    )
    assert {p.name for p in DASHBOARD.glob("*.py")} == {"__init__.py", "app.py"}


def test_caches_live_only_in_cache_modules_and_shared():
    """``st.cache_*`` and :class:`ResultCache` only in ``areas/*/cache.py`` and ``shared/``."""
    offenders = {}
    for rel, tree in dashboard_files().items():
        used = names_used(tree) & {"cache_data", "cache_resource", "ResultCache"}
        if used and not is_cache_module(rel):
            offenders[rel] = sorted(used)
    assert offenders == {}


def test_no_page_imports_another():
    """A page package imports only itself, ``shell``, ``shared`` and the backend; ``shared``
    imports no page; ``shell`` reads only the pages' ``params`` (the URL table) and ``cache``
    (the warm-up)."""
    offenders = {}
    for rel, tree in dashboard_files().items():
        own = rel.split("/")[1] if rel.startswith("areas/") else None
        for line, module in imported_modules(tree):
            other = area_of(module)
            if other is None or other == own:
                continue
            shell_reads = rel.startswith("shell/") and module.split(".")[-1] in ("params", "cache")
            if not shell_reads:
                offenders.setdefault(rel, []).append((line, module))
    assert offenders == {}


def type_checking_lines(tree: ast.AST) -> set[int]:
    """Lines inside ``if TYPE_CHECKING:`` blocks: imports there only name types."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            lines |= set(range(node.lineno, node.end_lineno + 1))
    return lines


def test_views_do_not_compute():
    """No torch in the dashboard outside the caches: work on tensors belongs to ``components``
    (a type named under ``if TYPE_CHECKING:`` is no work)."""
    offenders = {}
    for rel, tree in dashboard_files().items():
        torch_lines = [
            line
            for line, module in imported_modules(tree)
            if (module == "torch" or module.startswith("torch."))
            and line not in type_checking_lines(tree)
        ]
        if torch_lines and not is_cache_module(rel):
            offenders[rel] = torch_lines
    assert offenders == {}


def test_dashboard_functions_are_short():
    offenders = {}
    for rel, tree in dashboard_files().items():
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    offenders[f"{rel}:{node.name}"] = length
    assert offenders == {}


def test_dashboard_folder_names_are_not_importable_elsewhere():
    """Streamlit puts dashboard/ on sys.path: no folder there may share a name with anything
    importable without it (an installed package, or a top-level module of this repository)."""
    import importlib.util

    folders = {p.name for p in DASHBOARD.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert {"areas", "shell", "shared"} <= folders
    assert {name: importlib.util.find_spec(name) for name in folders} == dict.fromkeys(folders)
