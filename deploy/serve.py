"""The production topology without containers: N ModelLens replicas behind nginx, on loopback.

    .venv/bin/python deploy/serve.py --replicas 2 --port 8080

Starts ``streamlit run dashboard/app.py`` N times on free 127.0.0.1 ports, renders
``deploy/nginx.conf`` into a temp dir and runs Debian's nginx from there unprivileged (its own
prefix, pid and temp paths; as root it runs as ``nobody``). Every process gets its own process
group; on exit, an error or SIGTERM/SIGINT, every one of them and their children are stopped.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "deploy" / "nginx.conf"
STREAMLIT_CONFIG = ROOT / ".streamlit" / "config.toml"
# Passive health checks (open-source nginx has no active ones): one refused connection takes a
# replica out for 10 s, then a single request tries it again.
MAX_FAILS = 1
FAIL_TIMEOUT_S = 10
START_TIMEOUT_S = 120.0  # a replica imports torch, transformers and plotly: ~10 s, more when busy
STOP_TIMEOUT_S = 15.0
PLACEHOLDER = re.compile(r"\$\{(MODELLENS_[A-Z_]+)\}")


def nginx_binary() -> str | None:
    """nginx on PATH, or Debian's (/usr/sbin is not on an ordinary user's PATH)."""
    found = shutil.which("nginx")
    return found or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_lines(addresses: list[str]) -> str:
    """The upstream's ``server`` lines, with the passive health-check settings."""
    return " ".join(
        f"server {address} max_fails={MAX_FAILS} fail_timeout={FAIL_TIMEOUT_S}s;"
        for address in addresses
    )


def render(template: str, values: dict[str, str]) -> str:
    """Fill ``${MODELLENS_*}`` as the nginx image's envsubst does; nginx's own ``$vars`` stay."""

    def value(match: re.Match[str]) -> str:
        if match.group(1) not in values:
            raise KeyError(f"no value for {match.group(0)} in {TEMPLATE.name}")
        return values[match.group(1)]

    return PLACEHOLDER.sub(value, template)


def max_upload_mb() -> int:
    """The app's upload limit (``server.maxUploadSize``, MB)."""
    with STREAMLIT_CONFIG.open("rb") as file:
        return tomllib.load(file)["server"]["maxUploadSize"]


LOCAL = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: no HTTP proxy


def healthy(url: str) -> bool:
    try:
        with LOCAL.open(f"{url}/_stcore/health", timeout=2) as reply:
            return reply.status == 200
    except OSError:
        return False


@dataclass
class Process:
    """A started process in its own process group, and its log."""

    name: str
    proc: subprocess.Popen
    log: Path

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self, sig: int = signal.SIGTERM, timeout: float = STOP_TIMEOUT_S) -> None:
        """Signal the whole group and every descendant (a parallel run's workers start their own
        session, outside the group); SIGKILL whatever is left after ``timeout``."""
        family: list[psutil.Process] = []
        with contextlib.suppress(psutil.Error):
            family = psutil.Process(self.proc.pid).children(recursive=True)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, sig)
        for child in family:
            with contextlib.suppress(psutil.Error):
                child.send_signal(sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=timeout)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        _gone, alive = psutil.wait_procs(family, timeout=0)
        for child in alive:
            with contextlib.suppress(psutil.Error):
                child.kill()
        psutil.wait_procs(alive, timeout=5)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)


@dataclass
class Replica(Process):
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def connections(self) -> int:
        """Open TCP connections to this replica: its websockets (one per session; nginx keeps
        no idle upstream connections) plus requests in flight."""
        try:
            conns = psutil.Process(self.proc.pid).net_connections(kind="tcp")
        except psutil.Error:
            return 0
        return sum(
            c.status == psutil.CONN_ESTABLISHED and c.laddr and c.laddr.port == self.port
            for c in conns
        )

    def rss(self) -> int:
        """Resident memory of the replica and its children, in bytes."""
        try:
            proc = psutil.Process(self.proc.pid)
            total = proc.memory_info().rss
            for child in proc.children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    total += child.memory_info().rss
            return total
        except psutil.Error:
            return 0


class Topology:
    """N replicas and nginx on loopback; a context manager that stops all it started."""

    def __init__(
        self,
        replicas: int = 2,
        port: int | None = None,
        address: str = "127.0.0.1",
        env: dict[str, str] | None = None,
        workdir: Path | None = None,
    ):
        self.count = replicas
        self.port = port or free_port()
        self.address = address
        self.env = {**os.environ, **(env or {})}
        self._own_dir = workdir is None
        self.dir = Path(workdir or tempfile.mkdtemp(prefix="modellens_serve_"))
        self.replicas: list[Replica] = []
        self.nginx: Process | None = None

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.address in ("0.0.0.0", "") else self.address
        return f"http://{host}:{self.port}"

    def __enter__(self) -> Topology:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def start(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        for i in range(self.count):  # all at once: their imports overlap
            self.replicas.append(self._start_replica(i))
        self._wait(self.replicas, "replica")
        self.nginx = self._start_nginx()
        self._wait([self.nginx], "nginx")

    def stop(self) -> None:
        """nginx first (no new requests), then the replicas; idempotent."""
        for process in [p for p in (self.nginx, *self.replicas) if p is not None]:
            process.stop()
        if self._own_dir:
            shutil.rmtree(self.dir, ignore_errors=True)

    def kill_replica(self, index: int) -> None:
        """Crash replica ``index`` (SIGKILL, no goodbye to its sessions), as a failing node."""
        self.replicas[index].stop(signal.SIGKILL, timeout=5)

    def restart_replica(self, index: int) -> None:
        """Start replica ``index`` again on its port (nginx retries it after fail_timeout)."""
        old = self.replicas[index]
        old.stop()
        self.replicas[index] = self._start_replica(index, old.port)
        self._wait([self.replicas[index]], "replica")

    def _popen(self, name: str, cmd: list[str], **kwargs) -> tuple[subprocess.Popen, Path]:
        log = self.dir / f"{name}.log"
        log.write_text("")
        # Append mode: nginx reopens the file as /dev/stdout for its access log, and both
        # descriptions must write at the end, not over each other.
        with log.open("a") as out:  # the child keeps its own copy of the descriptor
            proc = subprocess.Popen(
                cmd, stdout=out, stderr=subprocess.STDOUT, process_group=0, **kwargs
            )
        return proc, log

    def _start_replica(self, index: int, port: int | None = None) -> Replica:
        port = port or free_port()
        cmd = [sys.executable, "-m", "streamlit", "run", "dashboard/app.py"]
        cmd += ["--server.port", str(port), "--server.address", "127.0.0.1"]
        cmd += ["--server.headless", "true", "--browser.gatherUsageStats", "false"]
        proc, log = self._popen(f"replica{index}", cmd, cwd=ROOT, env=self.env)
        return Replica(f"replica{index}", proc, log, port)

    def _start_nginx(self) -> Process:
        nginx = nginx_binary()
        if nginx is None:
            raise FileNotFoundError("nginx is needed: apt-get install -y nginx")
        prefix = self.dir / "nginx"
        prefix.mkdir(exist_ok=True)
        conf = prefix / "nginx.conf"
        listen = f"{self.address}:{self.port}"
        servers = server_lines([f"127.0.0.1:{r.port}" for r in self.replicas])
        conf.write_text(
            render(TEMPLATE.read_text(), {"MODELLENS_LISTEN": listen, "MODELLENS_SERVERS": servers})
        )
        kwargs: dict = {}
        if os.geteuid() == 0:  # never run the proxy as root: drop to nobody, as a user would be
            nobody = pwd.getpwnam("nobody")
            self.dir.chmod(0o711)  # mkdtemp's 0700 would keep nobody out of the prefix
            log = self.dir / "nginx.log"  # nginx reopens it as /dev/stdout for the access log
            log.touch()
            for path in (prefix, conf, log):
                os.chown(path, nobody.pw_uid, nobody.pw_gid)
            kwargs = {"user": nobody.pw_uid, "group": nobody.pw_gid, "extra_groups": []}
        cmd = [nginx, "-p", f"{prefix}/", "-e", "stderr", "-c", str(conf)]
        proc, log = self._popen("nginx", cmd, cwd=prefix, **kwargs)
        return Process("nginx", proc, log)

    def _wait(self, processes: list[Process], what: str) -> None:
        """Until every one answers /_stcore/health (nginx: through to a replica); bounded."""
        pending = list(processes)
        deadline = time.monotonic() + START_TIMEOUT_S
        while pending:
            for process in list(pending):
                url = process.url if isinstance(process, Replica) else self.url
                if healthy(url):
                    pending.remove(process)
                elif not process.alive() or time.monotonic() > deadline:
                    tail = process.log.read_text(errors="replace")[-2000:]
                    raise RuntimeError(f"{what} {process.name} did not start:\n{tail}")
            if pending:
                time.sleep(0.3)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--port", type=int, default=8080, help="nginx's port")
    parser.add_argument(
        "--address",
        default="127.0.0.1",
        help="nginx's address (0.0.0.0 opens it to the network, on purpose); replicas stay local",
    )
    args = parser.parse_args()
    if nginx_binary() is None:
        print("nginx is needed: apt-get install -y nginx", file=sys.stderr)
        return 2

    def interrupted(signum: int, _frame: object) -> None:
        for sig in (signal.SIGINT, signal.SIGTERM):  # a second signal must not cut the cleanup
            signal.signal(sig, signal.SIG_IGN)
        raise KeyboardInterrupt(signal.Signals(signum).name)

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, interrupted)
    logs = Path(tempfile.mkdtemp(prefix="modellens_serve_"))  # kept after exit: the logs
    try:
        with Topology(args.replicas, args.port, args.address, workdir=logs) as top:
            ports = ", ".join(str(r.port) for r in top.replicas)
            print(f"ModelLens on {top.url} (replicas on 127.0.0.1: {ports}; logs in {logs})")
            while top.nginx is not None and top.nginx.alive():
                for index, replica in enumerate(top.replicas):
                    if not replica.alive():  # nginx skips it meanwhile (passive check)
                        print(f"{replica.name} ended; restarting it", file=sys.stderr)
                        top.restart_replica(index)
                time.sleep(1)
            print("nginx ended; stopping the replicas", file=sys.stderr)
            return 1
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
