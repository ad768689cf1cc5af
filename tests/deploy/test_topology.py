"""The production topology on loopback (deploy/serve.py): two replicas behind nginx and a real
Chromium page through the proxy. The page sticks to one replica, uploads pass XSRF and the size
limit as the app sets them; then its replica is killed, and the page must come back through
nginx on the other replica with the same view and the same numbers (the view lives in the URL).
Every process must be gone afterwards."""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request

import psutil
import pytest

from deploy.serve import Topology, max_upload_mb
from tests.browser.helpers import wait_until_idle
from tests.deploy.conftest import NGINX

pytestmark = pytest.mark.browser

VIEW = "?model=tiny_vit&lang=zh"  # Home, in Chinese, on the Tiny ViT
RECOVER_S = 90  # bounded: a cold replica imports the app, then reruns the view
# A timing is measured again on the other replica: mask it. The rest must be identical.
TIMING = re.compile(r"\d+(?:\.\d+)?\s?(?:ms|µs|s)\b")
SNAPSHOT_JS = """() => {
  const text = (sel) => [...document.querySelectorAll(sel)].map((e) => e.innerText.trim());
  return {
    metrics: text('[data-testid="stMetric"]'),
    headings: text('h1, h2, h3'),
    numbers: [...document.querySelectorAll('[data-testid="stNumberInput"] input')]
      .map((e) => e.value),
    selects: text('[data-testid="stSelectbox"]'),
    radios: [...document.querySelectorAll('[data-testid="stRadio"] input:checked')]
      .map((e) => (e.closest('label') || e).innerText.trim()),
    exceptions: document.querySelectorAll('[data-testid="stException"]').length,
    dialogs: document.querySelectorAll('[role="dialog"]').length,
  };
}"""


def snapshot(page) -> dict:
    """What the page shows once its run is over and nothing changes any more (and no dialog is
    up: Streamlit's "Connection error" stays on screen while the page reconnects, and on a
    loaded machine two looks 0.7 s apart can both catch it)."""
    page.locator('[data-testid="stMetric"]').first.wait_for(timeout=RECOVER_S * 1000)
    deadline = time.monotonic() + RECOVER_S
    last = None
    while time.monotonic() < deadline:
        wait_until_idle(page)
        now = page.evaluate(SNAPSHOT_JS)
        now["metrics"] = [TIMING.sub("⏱", m) for m in now["metrics"]]
        if now == last and not now["dialogs"]:
            return now
        last = now
        page.wait_for_timeout(700)
    return last


def upstreams(top: Topology) -> list[str]:
    """The replica that finally served each logged request (nginx lists every one it tried)."""
    log = (top.dir / "nginx.log").read_text(errors="replace")
    return [tried.split(", ")[-1] for tried in re.findall(r"upstream=(.+?) time=", log)]


def upload(url: str, cookies: list[dict], token: str | None, size: int) -> tuple[int, str]:
    """PUT a ``size``-byte file to Streamlit's upload route with the browser's cookies."""
    boundary = "modellens-test"
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n'
    body = (head + "Content-Type: image/png\r\n\r\n").encode() + b"x" * size
    body += f"\r\n--{boundary}--\r\n".encode()
    headers = {
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Cookie": "; ".join(f"{c['name']}={c['value']}" for c in cookies),
        **({"X-Xsrftoken": token} if token else {}),
    }
    request = urllib.request.Request(
        f"{url}/_stcore/upload_file/no-session/no-file", body, headers, method="PUT"
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=60) as reply:
            return reply.status, reply.read(200).decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read(200).decode(errors="replace")


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.2)


@pytest.fixture(scope="module")
def chromium(browser):
    """The process's Chromium (tests/conftest.py), where nginx is installed."""
    if NGINX is None:
        pytest.skip("nginx is not installed (apt-get install -y nginx; .ci/run does)")
    return browser


def test_a_killed_replica_loses_no_view(chromium):
    with Topology(2, env={"MODELLENS_WARMUP": "0"}) as top:
        processes = [p for p in (*top.replicas, top.nginx) if p is not None]
        pids = {p.proc.pid for p in processes}
        pids |= {c.pid for p in processes for c in psutil.Process(p.proc.pid).children(True)}
        context = chromium.new_context(viewport={"width": 1400, "height": 2000})
        try:
            page = context.new_page()
            page.set_default_timeout(RECOVER_S * 1000)
            page.goto(f"{top.url}/{VIEW}")
            before, url = snapshot(page), page.url
            # The URL's view: the Tiny ViT's card (139,018 parameters), in Chinese.
            assert before["exceptions"] == 0 and "139,018" in " ".join(before["metrics"])
            assert before["radios"] == ["简体中文"], before

            # Sticky: nginx's route cookie is set, Streamlit's XSRF cookie came through, and
            # every request of the page reached the replica that holds its websocket.
            assert {"modellens_route", "_streamlit_xsrf"} <= {c["name"] for c in context.cookies()}
            wait_for(lambda: sum(r.connections() for r in top.replicas) == 1, 30, "the websocket")
            holder = next(i for i, r in enumerate(top.replicas) if r.connections())
            other = top.replicas[1 - holder]
            assert set(upstreams(top)) == {f"127.0.0.1:{top.replicas[holder].port}"}

            # Uploads through the proxy: Streamlit checks XSRF (403 without the cookie's token;
            # with it, it gets as far as refusing the made-up session), and nginx passes a file
            # of maxUploadSize on (Streamlit may close before reading it all: nginx says 502)
            # but stops a larger one itself (413).
            cookies = context.cookies()
            token = next(c["value"] for c in cookies if c["name"] == "_streamlit_xsrf")
            assert upload(top.url, cookies, None, 10)[0] == 403
            status, text = upload(top.url, cookies, token, 10)
            assert status == 400 and "session_id" in text, (status, text)
            limit = max_upload_mb() * 2**20
            assert upload(top.url, cookies, token, limit)[0] in (400, 502)
            assert upload(top.url, cookies, token, limit + 2**20)[0] == 413

            seen = len(upstreams(top))
            top.kill_replica(holder)
            wait_for(lambda: other.connections() >= 1, RECOVER_S, "the reconnection via nginx")
            after = snapshot(page)
            assert after == before  # the same view and numbers, rebuilt from the URL
            assert page.url == url
            # After the kill every request ended on the other replica (the first ones after
            # trying the dead one: nginx logs both).
            later = upstreams(top)[seen:]
            log = (top.dir / "nginx.log").read_text(errors="replace")
            assert later and later[-1] == f"127.0.0.1:{other.port}", log[-3000:]
        finally:
            context.close()
    alive = [pid for pid in pids if running(pid)]
    assert not alive, f"left running: {alive}"


def running(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
