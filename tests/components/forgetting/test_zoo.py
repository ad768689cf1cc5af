"""The whole backend on the other zoo models: the Tiny ViT (every part) and MiniLM (the parts
that apply to a sentence encoder). Slow: real models, real pruning and attacks."""

from __future__ import annotations

import pytest

from components.fidelity import model_outputs
from components.forgetting import (
    AttackSettings,
    PieSettings,
    class_damage,
    evaluation_sample,
    forgotten_examples,
    input_range,
    paraphrase_damage,
    penultimate_projection,
    pruning_identified_exemplars,
    representation_drift,
    robust_accuracy,
)
from components.pruning import PruneSettings, prune_model
from components.quantization import QuantSettings, quantize_model
from models.registry import get_spec, load_model

pytestmark = [
    pytest.mark.slow,
    pytest.mark.usefixtures("one_thread"),
    pytest.mark.filterwarnings("ignore:Input Tensor 0 did not already require gradients"),
]


def test_tiny_vit_every_part():
    spec, model = get_spec("tiny_vit"), load_model("tiny_vit")
    data = spec.load_data()
    pruned = prune_model(model, spec, PruneSettings("channel_removal", 0.5)).model
    int8 = quantize_model(model, spec, QuantSettings("dynamic_int8")).model
    reference, out = model_outputs(model, spec), model_outputs(pruned, spec)
    damage = class_damage(data.y_test, reference.argmax(1), out.argmax(1), data.class_names)
    assert damage.variant_accuracy < damage.original_accuracy
    forgotten = forgotten_examples(data.y_test, reference.softmax(1), out.softmax(1))
    sample = evaluation_sample(spec, model, 50)
    drift = representation_drift(model, pruned, sample.inputs)
    layers = [row.layer for row in drift.layers]
    assert "blocks.3" in layers and "head.fc" in layers and drift.not_compared == []
    widths = {row.layer: (row.width_original, row.width_variant) for row in drift.layers}
    assert widths["blocks.0"] == (50 * 64, 50 * 32)  # 50 tokens × width, halved
    projection = penultimate_projection(
        model, pruned, (data.x_test,), data.y_test, forgotten.indices
    )
    assert projection.mode == "aligned" and projection.forgotten.sum() == len(forgotten)
    x, y = sample.inputs[0], sample.labels
    curves = robust_accuracy(
        {"original": model, "int8": int8},
        x,
        y,
        AttackSettings(epsilons=(0.0, 0.1)),
        input_range(data),
    )
    assert [c.transferred for c in curves.curves] == [False, True]
    assert curves.curves[0].accuracy[1] < curves.curves[0].accuracy[0]
    pie = pruning_identified_exemplars(
        model, spec, PieSettings(amounts=(0.1,), seeds=2), original_outputs=reference
    )
    assert 0 < len(pie) < 450


def test_minilm_paraphrases_and_drift():
    spec, model = get_spec("minilm"), load_model("minilm")
    data = spec.load_data()
    pruned = prune_model(model, spec, PruneSettings("l1_unstructured", 0.5)).model
    damage = paraphrase_damage(model_outputs(model, spec), model_outputs(pruned, spec), data)
    assert damage.total == len(data.pairs) and damage.original_top1 == 1.0
    sample = evaluation_sample(spec, model, 16)
    drift = representation_drift(
        model, pruned, sample.inputs, layers=["encoder.encoder.layer.0", "encoder.encoder.layer.5"]
    )
    assert [row.layer for row in drift.layers] == [
        "encoder.encoder.layer.0",
        "encoder.encoder.layer.5",
    ]
    assert all(0.5 < row.cka <= 1.0 for row in drift.layers)
