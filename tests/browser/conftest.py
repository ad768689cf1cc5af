"""A real ModelLens server on a free port, and headless Debian Chromium driven by Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Screenshots land here so a person can look at them (kept out of git).
SHOTS = Path(os.environ.get("MODELLENS_SCREENSHOTS", ROOT / "tests" / "browser" / "screenshots"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def own_code_env(env: Mapping[str, str], root: Path = ROOT) -> dict[str, str]:
    """``env`` for a server that imports ``root``'s own packages. ``streamlit run`` puts the
    script's folder on ``sys.path``, not the working directory, so without this a checkout run
    with another checkout's virtual environment (an editable install) imports that one's code
    and only its page scripts are its own."""
    return {**env, "PYTHONPATH": str(root)}


@contextmanager
def streamlit_server(
    log_name: str, env: dict[str, str], script: str = "dashboard/app.py"
) -> Iterator[str]:
    """Run ``streamlit run <script>`` (the app by default) on a free port with ``env``; yield
    its base URL once it answers its health check, and stop it afterwards."""
    port = free_port()
    log = open(ROOT / "tests" / "browser" / log_name, "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [
            *(sys.executable, "-m", "streamlit", "run", script),
            *("--server.port", str(port), "--server.headless", "true"),
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=own_code_env(env),
    )
    url = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                    if reply.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                pytest.fail(f"server did not start; see {log.name}")
            time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """The app as a student's browser meets it: results stream in (no MODELLENS_INLINE_S); the
    tests wait until nothing streams any more (helpers.wait_until_idle)."""
    env = {k: v for k, v in os.environ.items() if k != "MODELLENS_INLINE_S"}
    with streamlit_server("server.log", env) as url:
        yield url


@pytest.fixture
def page(browser):
    # Tall: Streamlit scrolls inside its own container, so full-page shots need a tall viewport.
    context = browser.new_context(viewport={"width": 1400, "height": 2600})
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    yield tab
    context.close()


@pytest.fixture(scope="session")
def shots() -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS
