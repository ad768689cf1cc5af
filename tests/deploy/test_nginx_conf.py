"""deploy/nginx.conf: nginx accepts it as rendered for loopback and for compose, and it keeps
what Streamlit needs behind a proxy."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from deploy.serve import TEMPLATE, max_upload_mb, render, server_lines
from tests.deploy.conftest import nginx_directives

LOOPBACK = {
    "MODELLENS_LISTEN": "127.0.0.1:18080",
    "MODELLENS_SERVERS": server_lines(["127.0.0.1:18501", "127.0.0.1:18502"]),
}


@pytest.fixture(scope="module")
def directives() -> list[str]:
    return nginx_directives(render(TEMPLATE.read_text(), LOOPBACK))


def nginx_test(nginx: str, conf: str, prefix: Path) -> subprocess.CompletedProcess:
    (prefix / "nginx.conf").write_text(conf)
    cmd = [nginx, "-t", "-p", f"{prefix}/", "-e", "stderr", "-c", str(prefix / "nginx.conf")]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=30)


def test_nginx_accepts_the_loopback_config(need_nginx, tmp_path):
    result = nginx_test(need_nginx, render(TEMPLATE.read_text(), LOOPBACK), tmp_path)
    assert result.returncode == 0, result.stderr


def test_nginx_accepts_the_compose_config(need_nginx, compose, tmp_path):
    env = compose["services"]["nginx"]["environment"]
    conf = render(TEMPLATE.read_text(), {k: str(v) for k, v in env.items()})
    # nginx -t resolves upstream names; app1/app2 exist only on compose's network.
    conf = re.sub(r"\bapp\d+:", "127.0.0.1:", conf)
    result = nginx_test(need_nginx, conf, tmp_path)
    assert result.returncode == 0, result.stderr


def test_compose_and_serve_write_the_same_server_lines(compose):
    env = compose["services"]["nginx"]["environment"]
    assert env["MODELLENS_SERVERS"].strip() == server_lines(["app1:8501", "app2:8501"])


def test_every_placeholder_needs_a_value():
    assert set(re.findall(r"\$\{(MODELLENS_\w+)\}", TEMPLATE.read_text())) == set(LOOPBACK)
    with pytest.raises(KeyError, match="MODELLENS_SERVERS"):
        render(TEMPLATE.read_text(), {"MODELLENS_LISTEN": "8080"})


def test_sticky_on_its_own_cookie_with_consistent_hashing(directives):
    assert "hash $modellens_route consistent;" in directives
    assert not any(d.startswith("ip_hash") for d in directives)  # a classroom shares one NAT
    assert any(d.startswith("zone ") for d in directives)  # failures seen by every worker
    cookie = next(d for d in directives if d.startswith('"" "modellens_route=$request_id'))
    assert "HttpOnly" in cookie and "Path=/" in cookie


def test_websocket_upgrade_and_host_with_its_port(directives):
    assert "proxy_http_version 1.1;" in directives
    assert "proxy_set_header Upgrade $http_upgrade;" in directives
    assert "proxy_set_header Connection $connection_upgrade;" in directives
    # Streamlit accepts a websocket only when Origin matches Host; $host drops the port.
    assert "proxy_set_header Host $http_host;" in directives
    stream = directives[directives.index("location = /_stcore/stream {") :]
    stream = stream[: stream.index("}")]
    timeout = next(d for d in stream if d.startswith("proxy_read_timeout"))
    assert int(re.search(r"(\d+)s", timeout).group(1)) >= 3600
    assert not any(d.startswith("proxy_set_header") for d in stream)  # would drop the rest


def test_xsrf_cookie_passes_untouched(directives):
    touching = ("proxy_hide_header", "proxy_cookie_", "proxy_ignore_headers", "proxy_pass_header")
    assert not [d for d in directives if d.startswith(touching)]


def test_upload_limit_matches_the_app(directives):
    # Streamlit itself allows maxUploadSize MB plus 1 MB of multipart framing on the raw body.
    assert f"client_max_body_size {max_upload_mb() + 1}m;" in directives


def test_failover_and_passive_health_checks(directives):
    assert "proxy_next_upstream error timeout http_502 http_503;" in directives
    servers = re.findall(r"server 127\.0\.0\.1:\d+ [^;]*;", " ".join(directives))
    assert len(servers) == 2 and all("max_fails=1 fail_timeout=10s" in s for s in servers)


def test_runs_unprivileged_from_a_prefix(directives):
    assert "daemon off;" in directives
    assert "error_log stderr warn;" in directives
    assert not any(d.startswith("user ") for d in directives)
    paths = [d.split()[1].rstrip(";") for d in directives if d.startswith(("pid ", "client_"))]
    paths += [d.split()[1].rstrip(";") for d in directives if "_temp_path " in d]
    assert paths and not [p for p in paths if p.startswith("/") and p != "/dev/stdout"]
