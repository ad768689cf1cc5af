"""Concepts (TCAV): the concepts made from the digits, agreement with a direct captum call, and
the significance test separating a real concept from a random one."""

from __future__ import annotations

import functools
import tempfile

import numpy as np
import pytest
import torch
from captum.concept import TCAV, Concept
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from components.explain.concepts import (
    CONCEPTS,
    SeededLinearClassifier,
    TcavSettings,
    class_inputs,
    concept_examples,
    concept_layers,
    concept_scores,
    default_layers,
    tcav_scores,
)
from models.data import load_digits_split
from models.registry import load_model

N = 40  # examples per concept: enough for a CAV on LeNet's layers, fast


@functools.lru_cache(maxsize=2)
def zoo(name: str) -> nn.Module:
    return load_model(name)


def ink(x: torch.Tensor) -> float:
    return float(load_digits_split().denormalise(x).clamp(0, 1).mean())


def test_concepts_are_what_their_names_say():
    data = load_digits_split()
    plain = ink(concept_examples(data, "random0", N, 0))
    assert ink(concept_examples(data, "thick", N, 0)) > 1.3 * plain
    assert ink(concept_examples(data, "thin", N, 0)) < 0.7 * plain
    slanted = data.denormalise(concept_examples(data, "slanted", N, 0))[:, 0].clamp(0, 1)
    # Sheared right: ink in the top rows moves right of the bottom rows' ink.
    cols = torch.arange(28.0)
    top = (slanted[:, :10].sum(1) * cols).sum(1) / slanted[:, :10].sum((1, 2))
    bottom = (slanted[:, -10:].sum(1) * cols).sum(1) / slanted[:, -10:].sum((1, 2))
    assert float((top - bottom).mean()) > 2.0
    for name in [*CONCEPTS, "random3"]:
        x = concept_examples(data, name, N, 0)
        assert x.shape == (N, 1, 28, 28)
        assert torch.equal(x, concept_examples(data, name, N, 0))  # seeded
    assert not torch.equal(
        concept_examples(data, "loop", N, 0), concept_examples(data, "loop", N, 1)
    )
    assert not torch.equal(
        concept_examples(data, "random1", N, 0), concept_examples(data, "random2", N, 0)
    )


def test_layers_offered():
    assert concept_layers(zoo("lenet")) == ["conv1", "conv2", "fc1"]
    assert default_layers(zoo("lenet")) == ("conv2", "fc1")
    assert default_layers(zoo("tiny_vit")) == ("blocks.2", "blocks.3")


def test_scores_equal_a_direct_captum_call():
    data = load_digits_split()
    loop = concept_examples(data, "loop", N, 0)
    randoms = [concept_examples(data, f"random{i}", N, 0) for i in range(3)]
    inputs = class_inputs(data, 8)
    ours = tcav_scores(zoo("lenet"), inputs, 8, {"loop": loop}, randoms, ["fc1"])
    # The same experimental sets through captum directly, with the same classifier.
    c = [
        Concept(i, n, DataLoader(TensorDataset(x), batch_size=256))
        for i, (n, x) in enumerate([("loop", loop), *((f"r{i}", r) for i, r in enumerate(randoms))])
    ]
    sets = [[c[0], c[2]], [c[0], c[3]], [c[1], c[2]], [c[2], c[3]]]  # concept; then the null
    with tempfile.TemporaryDirectory() as folder:
        tcav = TCAV(zoo("lenet"), ["fc1"], classifier=SeededLinearClassifier(0), save_path=folder)
        out = tcav.interpret(inputs, sets, target=8)
    direct = [float(out[f"{a.id}-{b.id}"]["fc1"]["sign_count"][0]) for a, b in sets]
    (score,) = ours
    assert score.concept == "loop" and score.layer == "fc1"
    assert list(score.scores) == pytest.approx(direct[:2])
    assert list(score.random_scores) == pytest.approx(direct[2:])


def test_the_class_itself_separates_and_a_random_concept_does_not():
    """Eights as a concept for class 8 score near 1 and pass the test; a random set of digits
    used as a "concept" does not differ from chance."""
    data = load_digits_split()
    eights = data.x_train[data.y_train == 8][:N]
    randoms = [concept_examples(data, f"random{i}", N, 0) for i in range(7)]
    concepts = {"eights": eights, "random": concept_examples(data, "random99", N, 0)}
    scores = tcav_scores(
        zoo("lenet"), class_inputs(data, 8), 8, concepts, randoms, ["conv1", "conv2"], seed=0
    )
    by = {(s.concept, s.layer): s for s in scores}
    for layer in ("conv1", "conv2"):
        assert by["eights", layer].mean > 0.9 and by["eights", layer].significant
        assert by["eights", layer].cav_accuracy > 0.7  # random sets hold eights too
        assert not by["random", layer].significant
        assert by["random", layer].p_value > 0.05


def test_concept_scores_report_progress_and_respect_settings():
    seen = []
    settings = TcavSettings(target=8, concepts=("loop",), layers=("fc1",), runs=3, examples=N)
    scores = concept_scores(
        zoo("lenet"), load_digits_split(), settings, progress=lambda f, _: seen.append(f)
    )
    assert [(s.concept, s.layer, len(s.scores), len(s.random_scores)) for s in scores] == [
        ("loop", "fc1", 3, 3)
    ]
    assert seen[0] == 0.0 and seen[-1] == 1.0
    again = concept_scores(zoo("lenet"), load_digits_split(), settings)
    assert again == scores  # seeded: the same numbers


def test_settings_bounds_and_stats():
    with pytest.raises(ValueError):
        TcavSettings(concepts=("stripes",))
    with pytest.raises(ValueError):
        TcavSettings(runs=1)
    with pytest.raises(ValueError):
        tcav_scores(
            zoo("lenet"), torch.zeros(1, 1, 28, 28), 0, {}, [torch.zeros(2, 1, 28, 28)] * 2, ["fc1"]
        )


def test_identical_scores_are_not_significant():
    from components.explain.concepts import ConceptScore

    flat = ConceptScore("loop", "fc1", (1.0, 1.0), (1.0, 1.0), 0.5, float("nan"))
    assert not flat.significant and flat.mean == 1.0 and flat.std == 0.0
    assert np.isnan(flat.p_value)
