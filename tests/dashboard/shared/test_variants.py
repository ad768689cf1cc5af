"""The server-wide variant caches: one more fine-tuning epoch goes on from the last run."""

from __future__ import annotations

from dataclasses import replace

import pytest
import torch

from components.pruning import PruneSettings, prune_model
from dashboard.shared.variants import pruned
from models.registry import get_spec, load_model

pytestmark = pytest.mark.usefixtures("one_thread")


def test_one_more_epoch_trains_one_epoch_to_the_same_weights():
    # Settings no other test asks for: the caches are the server's, shared by every test here.
    settings = PruneSettings("random_unstructured", 0.35, finetune_epochs=1, seed=17)
    pruned("lenet", settings)
    messages: list[str] = []
    two = pruned(
        "lenet",
        replace(settings, finetune_epochs=2),
        progress=lambda fraction, message: messages.append(message),
    )
    assert messages[0] == "copying the checkpoint"
    assert any("epoch 2/2" in m for m in messages)
    assert not any("epoch 1/" in m for m in messages)  # the first epoch was not trained again
    direct = prune_model(
        load_model("lenet"), get_spec("lenet"), replace(settings, finetune_epochs=2)
    )
    for (name, a), (_, b) in zip(
        two.model.state_dict().items(), direct.model.state_dict().items(), strict=True
    ):
        assert torch.equal(a, b), name
