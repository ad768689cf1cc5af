"""Replicas benchmark: ModelLens replicas behind nginx on loopback (``deploy/serve.py``).

    .venv/bin/python -m tests.benchmarks.bench_replicas --replicas 2 --sessions 60
    .venv/bin/python -m tests.benchmarks.bench_replicas --replicas 1 --sessions 60  # baseline

The sessions are ``tests/benchmarks/bench_load.py``'s protocol-level websocket client, through
nginx, with a browser's cookie jar (nginx's route cookie, Streamlit's XSRF cookie), and, like the
frontend, rerunning each ``st.fragment(run_every=…)`` on its timer (results computed in the
background arrive that way). A view is complete when no run has ended for 2 s. Phases:

1. Warm-up: one session per page on each replica, directly (start-up costs are not a
   student's page load).
2. Load: N sessions at once on mixed pages (Compress, Explain, Fuse, Home, in turn); first
   load, then each moves its page's slider (Home, without one, reruns): median and p95,
   errors, RSS per replica, how the sessions spread over the replicas and how nginx's hash
   ring splits 1000 random route keys.
3. Failover (2+ replicas): replica 0 is killed (SIGKILL) under the open sessions; each of its
   sessions reconnects through nginx with its cookies and reruns with its URL only. A view is
   lost when it never again shows the same URL and numbers: every element is compared except
   widgets (their values are in the URL, compared whole) and download links (a file in the dead
   replica's memory); timings are measured again by the new replica, so durations, spreads and
   speed ratios are masked and notes on when something was measured left out. Recovery: from
   the kill to the first end of a run that shows the same view.
4. Shared work (replica 0 restarted first): heavy views (the Fuse test-set averages, a
   deterministic result; the Accelerate backends, timings) opened cold on one replica, again
   there, and cold on another; then K sessions through nginx open one new heavy view at once,
   and each replica's CPU time shows how often it computed it.

Only loopback traffic; every wait is bounded; every process is stopped at the end, also on
error. The replicas run without the lessons' background warm-up (``--warmup`` turns it on).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import shutil
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path

import psutil

from deploy.serve import Process, Replica, Topology
from tests.benchmarks.bench_load import (
    LOAD_TIMEOUT_S,
    RUN_TIMEOUT_S,
    Session,
    Slider,
    WsClient,
    machine_cpu_seconds,
    quantiles,
)


@dataclass(frozen=True)
class PageView:
    """A page, its URL query and the slider a session moves on it (None: a plain rerun)."""

    page: str
    query: str
    slider: str | None

    @property
    def path(self) -> str:
        return f"{self.page}?{self.query}" if self.query else self.page


MIX = (
    PageView("compress", "model=lenet", "Amount"),
    PageView("explain", "model=lenet", "Heatmap opacity"),
    PageView("fuse", "", "Image noise σ (pixels)"),
    PageView("", "model=lenet", None),  # Home: the default page lives at "/"
)
# Heavy views: the Fuse test-set averages (a deterministic result) and the Accelerate backends
# (timings, which only mean something on the machine that measured them).
HEAVY = (
    PageView("fuse", "view=robustness", None),
    PageView("accelerate", "model=lenet", None),
)
# Opened by K sessions at once through nginx: identical requests, spread over the replicas.
HEAVY_AT_ONCE = PageView("fuse", "view=robustness&task=same", None)
# A view is complete when no run has ended for this long: results that take longer than a
# rerun's inline budget arrive by fragment reruns (dashboard/shell/live.py polls every 0.15 s
# for exact work, 0.5 s for measurements).
SETTLE_S = 2.0
CPUS = os.cpu_count() or 1
LOGS = Path(tempfile.gettempdir()) / "modellens_bench_replicas"  # kept: the replicas' logs
FAILOVER_TIMEOUT_S = 90.0
# Timings a new replica measures again: durations, their spread and speed ratios are masked
# (in texts, tables and chart annotations alike); notes on when and under what load something
# was measured are left out.
_NUMBER = r"\d+(?:\.\d+)?"
TIMING = re.compile(
    rf"{_NUMBER}(?:\s?±\s?{_NUMBER})?\s?(?:ms|µs|s)\b"  # 0.2 ms, 5.9 ± 0.3 ms
    rf"|±\s?{_NUMBER}|×\s?{_NUMBER}|{_NUMBER}×"  # a spread alone, a speed ratio
)
MEASURED_NOTE = re.compile(r"[Mm]easured (?:at|just now|on)")
NOT_NUMBERS = {"empty", "progress", "spinner"}  # placeholders and transient progress


def element_content(element) -> str | None:
    """What a view shows in ``element``, timings masked; None where it is not one of its
    numbers (a widget: its value is in the URL; a download: a file in one replica's memory)."""
    kind = element.WhichOneof("type")
    proto = getattr(element, kind)
    if kind == "plotly_chart":
        text = proto.spec  # its id differs between replicas, the figure must not
    elif kind in ("dataframe", "arrow_data_frame"):
        import pyarrow as pa

        text = pa.ipc.open_stream(proto.arrow_data.data).read_all().to_pandas().to_csv()
    elif kind in NOT_NUMBERS or "id" in proto.DESCRIPTOR.fields_by_name:
        return None
    else:
        text = str(proto)
        if MEASURED_NOTE.search(text):
            return None
    return TIMING.sub("⏱", text)


@dataclass
class ViewSession(Session):
    """A :class:`Session` that also keeps what its view shows, run after run (full runs and
    fragment runs), and knows when the view is complete."""

    view: PageView = MIX[0]
    cookies: CookieJar = field(default_factory=CookieJar)
    elements: dict[tuple[int, ...], tuple[str, str]] = field(default_factory=dict)
    shown: dict[tuple[int, ...], tuple[str, str]] = field(default_factory=dict)  # last run's
    running: bool = False
    last_end: float = 0.0  # monotonic time of the latest run's end, full or fragment
    timers: dict[str, float] = field(default_factory=dict)  # run_every fragment → interval s
    error_texts: list[str] = field(default_factory=list)  # what the errors said
    moved_at: float | None = None  # when the interaction was sent

    def on_frame(self, payload: bytes | str) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        if isinstance(payload, str):
            return
        msg = ForwardMsg()
        with contextlib.suppress(Exception):
            msg.ParseFromString(payload)
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self.running = True
            if not msg.metadata.run.fragment_ids:  # a full run redraws everything
                self.elements, self.timers = {}, {}
        elif kind == "auto_rerun":  # st.fragment(run_every=…): the frontend keeps the timer
            self.timers[msg.auto_rerun.fragment_id] = msg.auto_rerun.interval
        elif kind == "stop_auto_rerun":
            for fragment_id in msg.stop_auto_rerun.fragment_ids:
                self.timers.pop(fragment_id, None)
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            self._record(tuple(msg.metadata.delta_path), msg.delta.new_element)
        elif kind == "script_finished":
            self.running = False
            if msg.script_finished in (
                ForwardMsg.FINISHED_SUCCESSFULLY,
                ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
            ):
                self.shown = dict(self.elements)
                self.last_end = time.monotonic()
        super().on_frame(payload)  # last: it wakes the waiters of script_finished

    def forget(self) -> None:
        """Before a reconnection: nothing shown yet, no timers."""
        self.elements, self.shown, self.running, self.last_end = {}, {}, False, 0.0
        self.timers = {}

    async def settled(self, timeout: float) -> float:
        """Wait until the view is complete (no run for SETTLE_S); when its last run ended."""
        deadline = time.monotonic() + timeout
        while self.running or not self.last_end or time.monotonic() - self.last_end < SETTLE_S:
            if time.monotonic() > deadline:
                raise TimeoutError("the view kept changing")
            await asyncio.sleep(0.2)
        return self.last_end

    async def shows(self, wanted: dict, deadline: float) -> float | None:
        """When the view first showed ``wanted`` after a run; None if not by ``deadline``."""
        while not (self.last_end and not self.running and self.shown == wanted):
            if time.monotonic() > deadline:
                return None
            await asyncio.sleep(0.1)
        return self.last_end

    def _record(self, path: tuple[int, ...], element) -> None:
        which = element.WhichOneof("type")
        if which == "exception" or (
            which == "alert" and element.alert.format == element.alert.ERROR
        ):
            self.error_texts.append(str(getattr(element, which))[:300])
        content = element_content(element)
        if content is None:
            self.elements.pop(path, None)
        else:
            self.elements[path] = (which, content)
        proto = element.slider
        if which == "slider" and proto.label == self.view.slider:
            # bench_load's Session follows only its "Amount" slider; the same rule for any label.
            if proto.set_value:
                value = proto.value[0]
            elif self.slider is not None and self.slider.widget_id == proto.id:
                value = self.slider.value
            else:
                value = proto.default[0]
            self.slider = Slider(proto.id, value, proto.min, proto.max, proto.step or 0.01)


def _get(opener: urllib.request.OpenerDirector, url: str) -> None:
    with opener.open(url, timeout=LOAD_TIMEOUT_S) as reply:
        reply.read()


class ProxyClient(WsClient):
    """bench_load's client for one page view, with the cookies a browser would send.

    ``WsClient.open`` takes no headers, so this one connects itself (cookies on the page, the
    health check and the websocket); the protocol (reruns, reading, interaction) is WsClient's.
    """

    def __init__(self, url: str, view: PageView):
        super().__init__(url)
        self.view = view
        self.page_name, self.query = view.page, view.query

    async def connect(self, session: ViewSession):
        from websockets.asyncio.client import connect

        cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
        ws = await connect(
            self.ws_url,
            subprotocols=["streamlit"],
            origin=self.url,
            additional_headers={"Cookie": cookie} if cookie else None,
            open_timeout=LOAD_TIMEOUT_S,
            max_size=None,
            ping_interval=None,
            proxy=None,  # loopback only
        )
        return ws, asyncio.create_task(self._serve(ws, session))

    async def _serve(self, ws, session: ViewSession) -> None:
        """WsClient's reader, plus what the frontend does for ``st.fragment(run_every=…)``:
        rerun each such fragment on its timer (results computed in the background arrive so)."""
        ticker = asyncio.create_task(self._tick(ws, session))
        try:
            await self._read(ws, session)
        finally:
            ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await ticker

    async def _tick(self, ws, session: ViewSession) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        due: dict[str, float] = {}
        while True:
            await asyncio.sleep(0.05)
            now = time.monotonic()
            for fragment_id, interval in list(session.timers.items()):
                if now < due.setdefault(fragment_id, now + interval):
                    continue
                due[fragment_id] = now + interval
                msg = BackMsg()
                msg.ParseFromString(self._rerun(session, self._widgets(session)))
                msg.rerun_script.fragment_id = fragment_id
                msg.rerun_script.is_auto_rerun = True
                await ws.send(msg.SerializeToString())
            for fragment_id in due.keys() - session.timers.keys():
                del due[fragment_id]

    @staticmethod
    def _widgets(session: ViewSession) -> list:
        """The widget states the frontend would send: the moved slider's value."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        if session.slider is None or session.moved_at is None:
            return []
        widget = WidgetState(id=session.slider.widget_id)
        widget.double_array_value.data.append(session.slider.value)
        return [widget]

    async def open(self, session: ViewSession):
        start = time.monotonic()
        handle = (None, None)
        try:
            opener = urllib.request.build_opener(
                urllib.request.ProxyHandler({}), urllib.request.HTTPCookieProcessor(session.cookies)
            )
            for path in (self.view.path, "_stcore/health"):  # what a browser fetches first
                await asyncio.to_thread(_get, opener, f"{self.url}/{path}")
            handle = await self.connect(session)
            await handle[0].send(self._rerun(session))
            ended = await session.wait_runs(1, LOAD_TIMEOUT_S - (time.monotonic() - start))
            if self.view.slider and session.slider is None:
                raise LookupError(f"no slider labelled {self.view.slider!r} in the deltas")
            session.first_load_s = ended - start
        except Exception as exc:  # a failed load is counted, not fatal
            session.failure = f"load: {type(exc).__name__}: {exc}"[:200]
        return handle

    async def interact(self, handle, session: ViewSession) -> None:
        session.moved_at = time.monotonic()
        if self.view.slider is not None:
            await super().interact(handle, session)
            return
        ws, _reader = handle
        if session.failure or ws is None:
            return
        try:  # no slider: the frontend's "Rerun"
            runs = len(session.finished)
            start = time.monotonic()
            await ws.send(self._rerun(session))
            session.interaction_s = await session.wait_runs(runs + 1, RUN_TIMEOUT_S) - start
        except Exception as exc:
            session.failure = f"interaction: {type(exc).__name__}: {exc}"[:200]

    async def reconnect(self, session: ViewSession, deadline: float):
        """After its replica died: a new websocket through nginx with the same cookies, and
        a rerun with the URL only (the view lives there). Retries until ``deadline``."""
        session.forget()
        while True:
            try:
                handle = await self.connect(session)
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.5)
        await handle[0].send(self._rerun(session))
        return handle


# --- measurements ----------------------------------------------------------------------------


async def open_views(url: str, views: list[PageView]) -> tuple[list[ViewSession], list]:
    """Open one session per view at once; (sessions, [(client, handle)])."""
    sessions = [ViewSession(i, view=v) for i, v in enumerate(views)]
    clients = [ProxyClient(url, s.view) for s in sessions]
    handles = await asyncio.gather(*(c.open(s) for c, s in zip(clients, sessions, strict=True)))
    return sessions, list(zip(clients, handles, strict=True))


async def close_all(sessions: list[ViewSession], opened: list) -> None:
    await asyncio.gather(
        *(c.close(h, s) for s, (c, h) in zip(sessions, opened, strict=True)),
        return_exceptions=True,
    )


async def settle_all(sessions: list[ViewSession], started: float) -> list[float]:
    """Wait until every loaded view is complete: seconds from ``started`` to each one's end."""
    ok = [s for s in sessions if not s.failure]
    ends = await asyncio.gather(*(s.settled(LOAD_TIMEOUT_S) for s in ok), return_exceptions=True)
    for session, end in zip(ok, ends, strict=True):
        if isinstance(end, BaseException):
            session.failure = f"settle: {type(end).__name__}: {end}"[:200]
    return [end - started for end in ends if isinstance(end, float)]


async def one_view(url: str, view: PageView) -> tuple[float, int]:
    """Open ``view`` once at ``url`` until it is complete: (seconds, errors)."""
    started = time.monotonic()
    sessions, opened = await open_views(url, [view])
    complete = await settle_all(sessions, started)
    await close_all(sessions, opened)
    session = sessions[0]
    return (complete or [float("nan")])[0], session.errors + bool(session.failure)


def cpu_seconds(process: Process) -> float:
    """CPU time (user + system) of a replica (or nginx) and its children so far."""
    with contextlib.suppress(psutil.Error):
        proc = psutil.Process(process.proc.pid)
        total = sum(proc.cpu_times()[:4])
        for child in proc.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                total += sum(child.cpu_times()[:2])
        return total
    return 0.0


def served_by(top: Topology, path: str) -> list[str]:
    """The replica that served each logged GET of ``path`` (a websocket is logged when it
    closes), from nginx's access log; nginx lists every replica it tried, the last served."""
    log = (top.dir / "nginx.log").read_text(errors="replace")
    pattern = rf'"GET {re.escape(path)}[ ?][^"]*" .*?upstream=(.+?) time='
    return [tried.split(", ")[-1] for tried in re.findall(pattern, log)]


def per_replica(top: Topology, served: list[str]) -> list[int]:
    counts = Counter(served)
    return [counts[f"127.0.0.1:{r.port}"] for r in top.replicas]


def route_share(top: Topology, n: int = 1000) -> list[int]:
    """Requests without a cookie, each routed by its own random key: the hash ring's split."""
    logged = len(served_by(top, "/_stcore/host-config"))
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    for _ in range(n):
        _get(opener, f"{top.url}/_stcore/host-config")
    return per_replica(top, served_by(top, "/_stcore/host-config")[logged:])


def own_cpu_seconds() -> float:
    times = psutil.Process().cpu_times()
    return times.user + times.system


def loads(sessions: list[ViewSession]) -> list[float]:
    return [s.first_load_s for s in sessions if s.first_load_s is not None]


def moves(sessions: list[ViewSession]) -> list[float]:
    return [s.interaction_s for s in sessions if s.interaction_s is not None]


def spread_text(counts: list[int]) -> str:
    """Counts per replica, against an even spread's 2σ range (binomial: random route keys)."""
    n, r = sum(counts), len(counts)
    if r < 2:
        return f"{counts[0]} (one replica)"
    sigma = (n * (1 / r) * (1 - 1 / r)) ** 0.5
    low, high = n / r - 2 * sigma, n / r + 2 * sigma
    even = all(low <= c <= high for c in counts)
    return f"{' / '.join(map(str, counts))} ({'even' if even else 'UNEVEN'}: {low:.0f}–{high:.0f})"


def ring_text(top: Topology) -> str:
    """How ketama splits random route keys between these replicas (its points depend on their
    addresses: a few percent off even is normal for 2 replicas)."""
    counts = route_share(top)
    return " / ".join(f"{c} ({c / max(1, sum(counts)):.0%})" for c in counts)


def seconds(values: list[float]) -> str:
    return "{:.2f} / {:.2f} s".format(*quantiles(values))


# --- the phases ------------------------------------------------------------------------------


async def warm_up(replica: Replica) -> None:
    for view in MIX:
        await one_view(replica.url, view)


async def load_phase(top: Topology, n: int) -> tuple[list[tuple[str, str]], int, list, list]:
    """N sessions through nginx: load, spread, interaction. Leaves the sessions open."""
    gb = 1024**3
    rss_idle = [r.rss() for r in top.replicas]
    servers = [*top.replicas, top.nginx]
    cpu_before = sum(map(cpu_seconds, servers)), machine_cpu_seconds(), own_cpu_seconds()
    started = time.monotonic()
    sessions, opened = await open_views(top.url, [MIX[i % len(MIX)] for i in range(n)])
    spread = [r.connections() for r in top.replicas]
    complete = await settle_all(sessions, started)
    await asyncio.gather(*(c.interact(h, s) for s, (c, h) in zip(sessions, opened, strict=True)))
    await settle_all(sessions, started)  # late results and error elements
    moved = [s.last_end - s.moved_at for s in sessions if s.moved_at and not s.failure]
    wall = time.monotonic() - started
    server_cpu = sum(map(cpu_seconds, servers)) - cpu_before[0]
    client_cpu = own_cpu_seconds() - cpu_before[2]
    other_cpu = machine_cpu_seconds() - cpu_before[1] - server_cpu - client_cpu
    rss_loaded = [r.rss() for r in top.replicas]
    failures = [s.failure for s in sessions if s.failure]
    errors = sum(s.errors for s in sessions) + len(failures)
    rows = [
        ("replicas / sessions", f"{len(top.replicas)} / {n} (the pages in turn)"),
        ("first load (controls) median / p95", seconds(loads(sessions))),
        ("view complete median / p95", seconds(complete)),
        ("interaction median / p95", seconds(moves(sessions))),
        ("interaction complete median / p95", seconds(moved)),
    ]
    for view in MIX:
        own = [s for s in sessions if s.view == view]
        rows.append(
            (
                f"  /{view.path}: load / interaction p95",
                f"{quantiles(loads(own))[1]:.2f} / {quantiles(moves(own))[1]:.2f} s",
            )
        )
    rows += [
        ("errors (exceptions + error alerts + not found + failed)", f"{errors}"),
        ("load + interaction wall time", f"{wall:.1f} s"),
        (
            "CPU s meanwhile: replicas + nginx / this client / other processes",
            f"{server_cpu:.0f} / {client_cpu:.0f} / {other_cpu:.0f} (of {wall * CPUS:.0f})",
        ),
        ("sessions per replica (open websockets)", spread_text(spread)),
        ("1000 cookieless requests per replica (the hash ring's split)", ring_text(top)),
        ("RSS per replica idle", " / ".join(f"{r / gb:.2f}" for r in rss_idle) + " GB"),
        ("RSS per replica loaded", " / ".join(f"{r / gb:.2f}" for r in rss_loaded) + " GB"),
    ]
    rows += [("  failure", f) for f in failures[:5]]
    rows += [
        (
            f"  errors on /{s.view.path}",
            f"{s.exceptions} exceptions, {s.error_alerts} error alerts, {s.not_found} not found"
            f" {s.error_texts[:1]}",
        )
        for s in sessions
        if s.errors
    ][:5]
    return rows, errors, sessions, opened


def view_diff(session: ViewSession, wanted: dict) -> str:
    """Which elements differ from ``wanted`` (for a lost view's report)."""
    shown = session.shown
    diff = [k for k in wanted.keys() | shown.keys() if wanted.get(k) != shown.get(k)]
    if not diff:
        return "no rerun"
    kinds = Counter((wanted.get(k) or shown.get(k))[0] for k in diff)
    before, after = str(wanted.get(diff[0])), str(shown.get(diff[0]))
    at = next((i for i, (x, y) in enumerate(zip(before, after, strict=False)) if x != y), 0)
    where = slice(max(0, at - 60), at + 60)
    first = f"{before[where]!r} → {after[where]!r}"
    return f"/{session.view.path}: {len(diff)} differ {dict(kinds)}: {first}"


async def failover(top: Topology, sessions: list[ViewSession], opened: list) -> list[tuple]:
    """Kill replica 0 under the open sessions; reconnect its sessions; compare their views."""
    before = {s.index: (s.query_string, dict(s.shown)) for s in sessions if not s.failure}
    on_victim = top.replicas[0].connections()
    readers = [h[1] for _c, h in opened]
    killed = time.monotonic()
    top.kill_replica(0)
    deadline = killed + 10  # nginx closes the clients' side as soon as the replica's socket dies
    while sum(r is not None and r.done() for r in readers) < on_victim:
        if time.monotonic() > deadline:
            break
        await asyncio.sleep(0.05)
    dropped = [
        (s, c, h)
        for s, (c, h), r in zip(sessions, opened, readers, strict=True)
        if r is not None and r.done() and s.index in before
    ]

    async def restore(session: ViewSession, client: ProxyClient, old) -> tuple[float | None, str]:
        await client.close(old, session)
        until = killed + FAILOVER_TIMEOUT_S
        try:
            opened[session.index] = (client, await client.reconnect(session, until))
        except Exception as exc:
            return None, f"/{session.view.path}: {type(exc).__name__}: {exc}"[:160]
        query, wanted = before[session.index]
        shown_at = await session.shows(wanted, until)
        if session.query_string != query:
            return None, f"/{session.view.path}: URL now {session.query_string[:100]}"
        if shown_at is None:
            return None, view_diff(session, wanted)
        return shown_at - killed, ""

    results = await asyncio.gather(*(restore(s, c, h) for s, c, h in dropped))
    recovered = [t for t, _ in results if t is not None]
    lost = [why for t, why in results if t is None]
    still_open = sum(not r.done() for r in readers if r is not None)
    return [
        (
            "failover: sessions on the killed replica / dropped / back",
            f"{on_victim} / {len(dropped)} / {len(recovered)}",
        ),
        ("views lost (not the same URL and numbers)", f"{len(lost)}"),
        (
            "time to recover median / p95 / max",
            f"{seconds(recovered)} / max {max(recovered, default=float('nan')):.2f} s",
        ),
        ("sessions on the other replica(s) still connected", f"{still_open}"),
        *[("  lost", why) for why in lost[:5]],
    ]


async def shared_work(top: Topology, k: int) -> list[tuple[str, str]]:
    """Heavy views: computed once per replica, at most; what a shared cache would save."""
    rows = []
    a, b = top.replicas[0], top.replicas[-1]
    for view in HEAVY:
        cpu = cpu_seconds(a)
        cold_a, e1 = await one_view(a.url, view)
        cpu_cold = cpu_seconds(a) - cpu
        warm_a, e2 = await one_view(a.url, view)
        cold_b, e3 = (await one_view(b.url, view)) if b is not a else (float("nan"), 0)
        rows.append(
            (
                f"/{view.path}: cold / again / cold on another replica",
                f"{cold_a:.1f} / {warm_a:.1f} / {cold_b:.1f} s; {cpu_cold:.1f} CPU s cold"
                f" (errors {e1 + e2 + e3})",
            )
        )
    cpu_before = [cpu_seconds(r) for r in top.replicas]
    logged = len(served_by(top, "/_stcore/stream"))
    started = time.monotonic()
    sessions, opened = await open_views(top.url, [HEAVY_AT_ONCE] * k)
    complete = await settle_all(sessions, started)
    await close_all(sessions, opened)
    await asyncio.sleep(0.5)  # nginx logs a websocket when it closes
    spread = per_replica(top, served_by(top, "/_stcore/stream")[logged:])
    cpu = [cpu_seconds(r) - c for r, c in zip(top.replicas, cpu_before, strict=True)]
    errors = sum(s.errors + bool(s.failure) for s in sessions)
    rows.append(
        (
            f"{k} sessions at once on /{HEAVY_AT_ONCE.path}",
            f"{' / '.join(map(str, spread))} sessions per replica, "
            f"{' / '.join(f'{c:.1f}' for c in cpu)} CPU s per replica; complete p95 "
            f"{quantiles(complete)[1]:.1f} s, {errors} errors",
        )
    )
    after = " / ".join(f"{r.rss() / 1024**3:.2f}" for r in top.replicas)
    rows.append(("RSS per replica after the heavy views", f"{after} GB"))
    return rows


async def main_async(args: argparse.Namespace) -> int:
    env = {"MODELLENS_WARMUP": "1" if args.warmup else "0"}
    shutil.rmtree(LOGS, ignore_errors=True)
    with Topology(args.replicas, env=env, workdir=LOGS) as top:
        for replica in top.replicas:
            await warm_up(replica)
        rows, errors, sessions, opened = await load_phase(top, args.sessions)
        try:
            if args.replicas >= 2 and not args.load_only:
                rows += await failover(top, sessions, opened)
        finally:
            await close_all(sessions, opened)
        if not args.load_only:
            if not top.replicas[0].alive():
                top.restart_replica(0)
                await warm_up(top.replicas[0])
            rows += await shared_work(top, args.heavy_sessions)
    width = max(len(r[0]) for r in rows)
    print(
        f"\nModelLens replicas benchmark: nginx + {args.replicas} replica(s) on loopback, "
        f"{os.cpu_count()} CPUs, MODELLENS_THREADS={os.environ.get('MODELLENS_THREADS', '')}, "
        f"warm-up {'on' if args.warmup else 'off'}; logs in {LOGS}"
    )
    for name, value in rows:
        print(f"{name.ljust(width)} | {value}")
    return 0 if errors == 0 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--sessions", type=int, default=60)
    parser.add_argument("--heavy-sessions", type=int, default=10)
    parser.add_argument("--warmup", action="store_true", help="the lessons' background warm-up")
    parser.add_argument("--load-only", action="store_true", help="no failover, no shared work")
    args = parser.parse_args()
    args.replicas = max(1, min(args.replicas, 8))
    args.sessions = max(1, min(args.sessions, 300))
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    sys.exit(main())
