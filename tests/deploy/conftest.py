"""Paths and parsed files of deploy/ shared by its tests."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from deploy.serve import nginx_binary

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
NGINX = nginx_binary()


def nginx_directives(conf: str) -> list[str]:
    """The config's statements without comments, whitespace squeezed (enough for these checks:
    the config quotes no '#')."""
    lines = (line.split("#", 1)[0].strip() for line in conf.splitlines())
    return [re.sub(r"\s+", " ", line) for line in lines if line]


@pytest.fixture(scope="session")
def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def manifests() -> dict[str, dict]:
    """deploy/k8s/*.yaml by kind."""
    docs = {}
    for path in sorted((DEPLOY / "k8s").glob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            docs[doc["kind"]] = doc
    return docs


@pytest.fixture(scope="session")
def need_nginx() -> str:
    if NGINX is None:
        pytest.skip("nginx is not installed (apt-get install -y nginx; .ci/run does)")
    return NGINX
