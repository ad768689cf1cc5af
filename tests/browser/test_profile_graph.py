"""The operator profile (Accelerate) and the architecture graph (Compress, Home) in a real
browser, with screenshots: each view for an image model and for a text or brought model (the
example models/examples/small_resnet.py). The profile of the Tiny ViT (an image model like
LeNet) and of the brought model (tests/dashboard/shell/test_byom.py opens every view for it) and
the Home graph of MiniLM (the Compress graph's figure) are left to AppTest and tests/components."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.browser.conftest import ROOT, streamlit_server
from tests.browser.helpers import wait_until_idle

pytestmark = pytest.mark.browser

BROUGHT = ROOT / "models" / "examples" / "small_resnet.py"
BROUGHT_NAME = "user_small_resnet"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """A server that also knows the example brought model."""
    env = {**os.environ, "MODELLENS_INLINE_S": "300", "MODELLENS_USER_MODELS": str(BROUGHT)}
    with streamlit_server("server_profile.log", env) as url:
        yield url


def no_exception(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0


@pytest.mark.parametrize("model", ["lenet", "minilm"])
def test_operator_profile(server, page, shots, model):
    seq = "&seq=32" if model == "minilm" else ""
    page.goto(
        f"{server}/accelerate?model={model}&view=profile&backends=eager,onnxruntime"
        f"&batch=8&threads=1&psteps=3{seq}"
    )
    page.get_by_text("Operators, modules and trace").first.wait_for(timeout=240_000)
    wait_until_idle(page)
    no_exception(page)
    assert page.get_by_text("profiled").count() >= 1
    assert page.get_by_role("button", name="Download the Chrome trace (JSON)").count() == 1
    page.screenshot(path=shots / f"profile_{model}.png", full_page=True)


@pytest.mark.parametrize("model", ["tiny_vit", "minilm", BROUGHT_NAME])
def test_architecture_graph(server, page, shots, model):
    page.goto(
        f"{server}/compress?model={model}&technique=graph&method=channel_removal&amount=0.5"
        "&finetune=0"
    )
    page.get_by_text("Graph traced with").first.wait_for(timeout=240_000)
    wait_until_idle(page)
    no_exception(page)
    page.screenshot(path=shots / f"graph_compress_{model}.png", full_page=True)


@pytest.mark.parametrize("model", [BROUGHT_NAME])
def test_home_card_graph(server, page, shots, model):
    page.goto(f"{server}/?model={model}")
    page.get_by_text("Model card").first.wait_for(timeout=120_000)
    wait_until_idle(page)
    page.get_by_role("tab", name="Architecture graph").click()
    page.get_by_text("Graph traced with").first.wait_for(timeout=240_000)
    wait_until_idle(page)
    no_exception(page)
    page.screenshot(path=shots / f"graph_home_{model}.png", full_page=True)
