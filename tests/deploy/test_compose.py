"""deploy/compose.yaml: two replicas of the image and nginx with deploy/nginx.conf."""

from __future__ import annotations


def test_replicas_build_this_image(compose):
    apps = [s for name, s in compose["services"].items() if name.startswith("app")]
    assert len(apps) >= 2
    for app in apps:
        assert app["build"] == {"context": "..", "dockerfile": "Dockerfile"}
        assert app["read_only"] and "/tmp" in app["tmpfs"]


def test_nginx_uses_the_shared_template_unprivileged(compose):
    nginx = compose["services"]["nginx"]
    assert "./nginx.conf:/etc/nginx/templates/nginx.conf.template:ro" in nginx["volumes"]
    env = nginx["environment"]
    assert env["NGINX_ENVSUBST_FILTER"] == "MODELLENS_"  # nginx's own $variables stay
    out = env["NGINX_ENVSUBST_OUTPUT_DIR"]
    assert nginx["command"][-2:] == ["-c", f"{out}/nginx.conf"]
    assert nginx["user"].split(":")[0] != "0"


def test_nginx_waits_for_healthy_replicas(compose):
    depends = compose["services"]["nginx"]["depends_on"]
    apps = {name for name in compose["services"] if name.startswith("app")}
    assert set(depends) == apps
    assert all(d["condition"] == "service_healthy" for d in depends.values())
