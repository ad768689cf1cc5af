"""The side-by-side comparison read from cached outputs: the same predictions and the same
summary as running both models again."""

from __future__ import annotations

import pytest
import torch

from components.compare import prediction_pairs, summarize_variant
from components.fidelity import model_outputs
from components.pruning import PruneSettings, prune_model
from models.registry import get_spec, load_model

pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.fixture(scope="module")
def lenet_pair():
    spec, model = get_spec("lenet"), load_model("lenet")
    pruned = prune_model(model, spec, PruneSettings("l1_unstructured", 0.85)).model
    return spec, model, pruned


@pytest.mark.parametrize("first", [True, False])
def test_pairs_from_outputs_are_the_models_own_predictions(lenet_pair, first):
    spec, model, pruned = lenet_pair
    data = spec.load_data()
    pairs = prediction_pairs(
        model_outputs(model, spec),
        model_outputs(pruned, spec),
        data,
        n=10,
        seed=3,
        disagreements_first=first,
    )
    chosen = data.x_test[pairs.indices]
    with torch.inference_mode():
        p_orig, p_var = model(chosen).softmax(1), pruned(chosen).softmax(1)
        all_orig, all_var = model(data.x_test).argmax(1), pruned(data.x_test).argmax(1)
    assert len(pairs.indices) == len(pairs.images) == 10
    assert pairs.original == p_orig.argmax(1).tolist()
    assert pairs.variant == p_var.argmax(1).tolist()
    assert pairs.original_conf == pytest.approx(p_orig.max(1).values.tolist(), abs=1e-5)
    assert pairs.variant_conf == pytest.approx(p_var.max(1).values.tolist(), abs=1e-5)
    assert pairs.true == data.y_test[pairs.indices].tolist()
    assert (pairs.disagreements, pairs.total) == (int((all_orig != all_var).sum()), 450)
    assert pairs.disagreements > 0  # 85 % pruned: the two differ somewhere
    differ = [a != b for a, b in zip(pairs.original, pairs.variant, strict=True)]
    if first:  # every disagreement shown comes before every agreement
        assert differ == sorted(differ, reverse=True)
        assert sum(differ) == min(10, pairs.disagreements)


def test_a_summary_given_the_outputs_equals_one_that_computes_them(lenet_pair):
    spec, model, pruned = lenet_pair
    reference = model_outputs(model, spec)
    computed = summarize_variant("prune", pruned, spec, reference)
    given = summarize_variant("prune", pruned, spec, reference, outputs=model_outputs(pruned, spec))
    assert given == computed
    assert 0.0 < given.agreement < 1.0
