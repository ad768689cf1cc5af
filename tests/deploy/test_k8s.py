"""deploy/k8s/: valid against Kubernetes 1.37's schemas (kubernetes-validate, strict), and
consistent with the image, nginx.conf and the app's settings."""

from __future__ import annotations

import re

import kubernetes_validate
import pytest
import yaml

from deploy.serve import TEMPLATE, max_upload_mb
from tests.deploy.conftest import DEPLOY

K8S_VERSION = "1.37.0"
# Measured RSS of one replica (tests/benchmarks/bench_replicas.py, README "Serving many
# classes"): the request covers a loaded replica, the limit the peak after heavy views.
LOADED_RSS_GIB = 0.78
PEAK_RSS_GIB = 1.1
UNITS = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30}


def gib(quantity: str) -> float:
    number, unit = re.fullmatch(r"(\d+(?:\.\d+)?)(Ki|Mi|Gi)", quantity).groups()
    return float(number) * UNITS[unit] / 2**30


@pytest.mark.parametrize("path", sorted((DEPLOY / "k8s").glob("*.yaml")), ids=lambda p: p.name)
def test_manifest_is_valid(path):
    for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
        # Raises kubernetes_validate.ValidationError, naming the field, on any mistake.
        kubernetes_validate.validate(doc, K8S_VERSION, strict=True)


def container(manifests) -> dict:
    return manifests["Deployment"]["spec"]["template"]["spec"]["containers"][0]


def test_probes_ask_the_health_endpoint(manifests):
    app = container(manifests)
    port = {p["name"]: p["containerPort"] for p in app["ports"]}
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        check = app[probe]["httpGet"]
        assert check["path"] == "/_stcore/health" and port[check["port"]] == 8501, probe


def test_resources_fit_the_measured_memory(manifests):
    resources = container(manifests)["resources"]
    assert gib(resources["requests"]["memory"]) >= LOADED_RSS_GIB
    assert gib(resources["limits"]["memory"]) >= PEAK_RSS_GIB
    assert "cpu" not in resources.get("limits", {})  # throttling stalls every websocket


def test_thread_and_job_counts_are_explicit(manifests):
    env = {e["name"]: e["value"] for e in container(manifests)["env"]}
    assert env["MODELLENS_THREADS"] == "1" and env["MODELLENS_HEAVY_JOBS"] == "1"


def test_service_selects_the_pods(manifests):
    labels = manifests["Deployment"]["spec"]["template"]["metadata"]["labels"]
    selector = manifests["Service"]["spec"]["selector"]
    assert selector.items() <= labels.items()
    assert manifests["Service"]["spec"]["ports"][0]["targetPort"] == "http"


def test_ingress_makes_the_same_choices_as_nginx_conf(manifests):
    notes = manifests["Ingress"]["metadata"]["annotations"]
    prefix = "nginx.ingress.kubernetes.io/"
    assert notes[prefix + "affinity"] == "cookie"
    assert notes[prefix + "session-cookie-change-on-failure"] == "true"
    assert f"{notes[prefix + 'session-cookie-name']}=$request_id" in TEMPLATE.read_text()
    assert notes[prefix + "proxy-body-size"] == f"{max_upload_mb() + 1}m"
    assert int(notes[prefix + "proxy-read-timeout"]) >= 3600
    backend = manifests["Ingress"]["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend["name"] == manifests["Service"]["metadata"]["name"]
