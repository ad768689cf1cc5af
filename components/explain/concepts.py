"""Concepts a person can name, tested with TCAV (``captum.concept``): does the model's score for
a class rise when its layer's activations move toward "thick strokes", "slanted", "a closed loop"?

Every concept is made here from the shipped training digits (``models.data``) by a named
transformation, nothing downloaded:

* ``thick`` / ``thin``: strokes dilated / eroded by a 3×3 max filter;
* ``slanted``: digits sheared to the right;
* ``loop``: the closed loops of 0, 6, 8 and 9 (the lower half of a 6, the upper of a 9);
* random concepts: random training digits, every class equally often, the null of the
  significance test.

For each layer, a concept activation vector (CAV) separates the concept's activations from a
random set's; the TCAV score is the share of the class's test digits whose class score rises
along it. Repeated against several random sets, the scores are compared with those of random
sets against each other (two-sided t-test, as in Kim et al. 2018): a concept whose scores do not
differ is "not significant", whatever its mean.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import torch
import torch.nn.functional as F
from captum.concept import TCAV, Concept
from captum.concept._utils.classifier import Classifier
from scipy.stats import ttest_ind
from sklearn.linear_model import SGDClassifier
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from components.flops import FLOP_COUNTING
from components.progress import ProgressFn, no_progress
from components.pruning.channels import output_layer
from components.shared_models import working_copy
from models.data import DigitsSplit

# images01 (N, 1, 28, 28) in [0, 1], their labels, a generator → concept images in [0, 1]
MakeFn = Callable[[torch.Tensor, torch.Tensor, torch.Generator, int], torch.Tensor]
LOOP_DIGITS = (0, 6, 8, 9)
SHEAR = 0.45  # x shifts by 0.45 × y: about 25° of slant, clearly slanted, still a digit


def _sample(count: int, pool: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """``count`` indices drawn without replacement from ``pool`` (1-D)."""
    return pool[torch.randperm(len(pool), generator=generator)[:count]]


def _thick(images: torch.Tensor, labels: torch.Tensor, g: torch.Generator, n: int) -> torch.Tensor:
    return F.max_pool2d(images[_sample(n, torch.arange(len(images)), g)], 3, 1, 1)


def _thin(images: torch.Tensor, labels: torch.Tensor, g: torch.Generator, n: int) -> torch.Tensor:
    return -F.max_pool2d(-images[_sample(n, torch.arange(len(images)), g)], 3, 1, 1)


def _slanted(
    images: torch.Tensor, labels: torch.Tensor, g: torch.Generator, n: int
) -> torch.Tensor:
    x = images[_sample(n, torch.arange(len(images)), g)]
    theta = torch.tensor([[1.0, SHEAR, 0.0], [0.0, 1.0, 0.0]]).expand(len(x), 2, 3)
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    return F.grid_sample(x, grid, align_corners=False, padding_mode="zeros")


def _loop(images: torch.Tensor, labels: torch.Tensor, g: torch.Generator, n: int) -> torch.Tensor:
    pool = torch.nonzero(torch.isin(labels, torch.tensor(LOOP_DIGITS))).flatten()
    idx = _sample(n, pool, g)
    x, y = images[idx].clone(), labels[idx]
    half = x.shape[-2] // 2
    x[y == 6, :, : half - 2] = 0.0  # a 6's loop is its lower part: drop the stem
    x[y == 9, :, half + 2 :] = 0.0  # a 9's loop is its upper part: drop the tail
    return x


def _random(images: torch.Tensor, labels: torch.Tensor, g: torch.Generator, n: int) -> torch.Tensor:
    """``n`` digits with every class equally often (the remainder drawn from all): random sets
    then differ by handwriting only, not by a chance surplus of one class, which a class's
    gradients would pick up as a "concept"."""
    classes = labels.unique()
    per_class = n // len(classes)
    idx = [_sample(per_class, torch.nonzero(labels == c).flatten(), g) for c in classes]
    taken = torch.cat(idx)
    rest = torch.ones(len(images), dtype=torch.bool)
    rest[taken] = False
    idx.append(_sample(n - len(taken), torch.nonzero(rest).flatten(), g))
    return images[torch.cat(idx)[torch.randperm(n, generator=g)]]


@dataclass(frozen=True)
class ConceptMaker:
    """One named concept and the transformation that makes its examples."""

    name: str
    make: MakeFn

    @property
    def label_key(self) -> str:
        return f"explain.concept.{self.name}"


CONCEPTS: dict[str, ConceptMaker] = {
    c.name: c
    for c in (
        ConceptMaker("thick", _thick),
        ConceptMaker("thin", _thin),
        ConceptMaker("slanted", _slanted),
        ConceptMaker("loop", _loop),
    )
}


@dataclass(frozen=True)
class TcavSettings:
    """What the concepts view computes; bounds for the page's controls."""

    target: int = 8
    concepts: tuple[str, ...] = ("thick", "slanted", "loop")
    layers: tuple[str, ...] = ()  # empty: :func:`default_layers`
    runs: int = 5  # random sets each concept is tested against (the test needs several)
    examples: int = 50  # images per concept and per random set
    seed: int = 0
    alpha: float = 0.05  # significance level of the t-test

    RUNS_RANGE: ClassVar[tuple[int, int]] = (3, 10)
    EXAMPLES_RANGE: ClassVar[tuple[int, int]] = (20, 100)

    def __post_init__(self) -> None:
        if unknown := set(self.concepts) - set(CONCEPTS):
            raise ValueError(f"unknown concepts {sorted(unknown)}")
        if not self.RUNS_RANGE[0] <= self.runs <= self.RUNS_RANGE[1]:
            raise ValueError(f"runs {self.runs} outside {self.RUNS_RANGE}")
        if not self.EXAMPLES_RANGE[0] <= self.examples <= self.EXAMPLES_RANGE[1]:
            raise ValueError(f"examples {self.examples} outside {self.EXAMPLES_RANGE}")


@dataclass(frozen=True)
class ConceptScore:
    """One concept at one layer: its TCAV scores against each random set, and the null."""

    concept: str
    layer: str
    scores: tuple[float, ...]  # concept vs random set i, i = 1 … runs
    random_scores: tuple[float, ...]  # random set i vs random set i + 1: what chance gives
    cav_accuracy: float  # mean held-out accuracy of the concept's CAVs (0.5: no direction)
    p_value: float
    alpha: float = 0.05

    @property
    def mean(self) -> float:
        return float(np.mean(self.scores))

    @property
    def std(self) -> float:
        return float(np.std(self.scores))

    @property
    def significant(self) -> bool:
        return bool(np.isfinite(self.p_value) and self.p_value < self.alpha)


@dataclass(frozen=True)
class SeededLinearClassifier(Classifier):
    """captum's CAV classifier contract with scikit-learn's SGD linear model, seeded: the split
    and the fit draw from the run's own seed, never from the process's shared generators."""

    seed: int = 0
    model: dict[str, Any] = field(default_factory=dict)

    def train_and_eval(
        self, dataloader: DataLoader, test_split_ratio: float = 0.33, **kwargs: Any
    ) -> dict[str, torch.Tensor]:
        batches = list(dataloader)
        x = torch.cat([b[0] for b in batches]).flatten(1).double().numpy()
        y = torch.cat([b[1] for b in batches]).numpy()
        order = np.random.default_rng(self.seed).permutation(len(y))
        n_test = int(len(y) * test_split_ratio)
        test, train = order[:n_test], order[n_test:]
        lm = SGDClassifier(alpha=0.01, max_iter=1000, tol=1e-3, random_state=self.seed)
        lm.fit(x[train], y[train])
        self.model["lm"] = lm
        return {"accs": torch.tensor(float((lm.predict(x[test]) == y[test]).mean()))}

    def weights(self) -> torch.Tensor:
        w = torch.as_tensor(self.model["lm"].coef_, dtype=torch.float32)
        return torch.stack([-w[0], w[0]]) if w.shape[0] == 1 else w

    def classes(self) -> list[int]:
        return [int(c) for c in self.model["lm"].classes_]


def concept_layers(model: nn.Module) -> list[str]:
    """Layers TCAV can read: a ViT's encoder blocks, else its conv and hidden linear layers."""
    blocks = getattr(model, "blocks", None)
    if isinstance(blocks, nn.ModuleList):
        return [f"blocks.{i}" for i in range(len(blocks))]
    last = output_layer(model)
    return [
        name
        for name, module in model.named_modules()
        if isinstance(module, nn.Conv2d | nn.Linear) and name != last
    ]


def default_layers(model: nn.Module) -> tuple[str, ...]:
    """The last two of :func:`concept_layers`: a middle and a late representation."""
    return tuple(concept_layers(model)[-2:])


def concept_examples(data: DigitsSplit, name: str, count: int, seed: int) -> torch.Tensor:
    """``count`` images of concept ``name`` (or ``random<i>``) in the models' input scale.

    Seeded by (seed, name) so that a concept's examples do not depend on which others are
    asked for at the same time.
    """
    images = data.denormalise(data.x_train).clamp(0.0, 1.0)
    key = sum(ord(c) * 31**i for i, c in enumerate(name)) % 2**31
    generator = torch.Generator().manual_seed(seed * 1_000_003 + key)
    make = _random if name.startswith("random") else CONCEPTS[name].make
    return data.normalise(make(images, data.y_train, generator, count))


def class_inputs(data: DigitsSplit, target: int) -> torch.Tensor:
    """The test digits of class ``target``: the inputs whose class score TCAV differentiates."""
    return data.x_test[data.y_test == target]


def tcav_scores(
    model: nn.Module,
    inputs: torch.Tensor,
    target: int,
    concepts: Mapping[str, torch.Tensor],
    randoms: Sequence[torch.Tensor],
    layers: Sequence[str],
    seed: int = 0,
    alpha: float = 0.05,
    progress: ProgressFn | None = None,
) -> list[ConceptScore]:
    """TCAV of each concept (name → examples) against ``randoms[1:]`` at each layer, and of
    ``randoms[i]`` against ``randoms[i + 1]`` as the null; one :class:`ConceptScore` per (concept,
    layer), in the order given. ``model`` itself is never hooked: captum works on a copy."""
    if len(randoms) < 3:
        raise ValueError("the significance test needs at least three random sets")
    report = progress or no_progress
    ids = iter(range(10_000))

    def concept(name: str, x: torch.Tensor) -> Concept:
        return Concept(next(ids), name, DataLoader(TensorDataset(x), batch_size=256))

    wanted = {name: concept(name, x) for name, x in concepts.items()}
    rand = [concept(f"random{i}", x) for i, x in enumerate(randoms)]
    # The null: each random set in turn against the next. With one fixed random set against all
    # the others, the null would be one arbitrary direction's behaviour, repeated.
    null_pairs = [[rand[i], rand[i + 1]] for i in range(len(rand) - 1)]
    sets = [[c, r] for c in wanted.values() for r in rand[1:]] + null_pairs
    results: list[ConceptScore] = []
    by_layer: dict[str, dict[str, Any]] = {}
    # captum hooks the layers while it reads them: on a private copy, so that another thread's
    # forward pass through a shared model never runs into (or feeds) these hooks.
    model = working_copy(model).eval()
    for i, layer in enumerate(layers):
        report(i / len(layers), f"layer {layer}")
        # captum writes activations and CAVs to disk and reuses them by concept id: a fresh
        # folder per run, so that nothing of another model or run is ever read back.
        with tempfile.TemporaryDirectory(prefix="tcav-") as folder:
            tcav = TCAV(
                model,
                [layer],
                classifier=SeededLinearClassifier(seed),
                save_path=folder,
            )
            # FLOP_COUNTING: a FlopCounterMode running in another thread hooks every module of
            # the process, and its gradient hooks break captum's autograd.grad here.
            with FLOP_COUNTING, torch.enable_grad():
                # force_train computes each concept's activations once; without it captum
                # recomputes both concepts' activations for every experimental set.
                tcav.compute_cavs(sets, force_train=True)
                out = tcav.interpret(inputs, sets, target=int(target))
            accs = {key: float(tcav.cavs[key][layer].stats["accs"]) for key in tcav.cavs}
        by_layer[layer] = {"out": out, "accs": accs}
    report(1.0, "done")

    def key(pair: list[Concept]) -> str:
        return "-".join(str(c.id) for c in pair)

    for layer in layers:
        out, accs = by_layer[layer]["out"], by_layer[layer]["accs"]
        null = tuple(float(out[key(pair)][layer]["sign_count"][0]) for pair in null_pairs)
        for name, c in wanted.items():
            scores = tuple(float(out[key([c, r])][layer]["sign_count"][0]) for r in rand[1:])
            p_value = float(ttest_ind(scores, null).pvalue)
            cav_acc = float(np.mean([accs[key([c, r])] for r in rand[1:]]))
            results.append(ConceptScore(name, layer, scores, null, cav_acc, p_value, alpha))
    return results


def concept_scores(
    model: nn.Module,
    data: DigitsSplit,
    settings: TcavSettings,
    progress: ProgressFn | None = None,
) -> list[ConceptScore]:
    """:func:`tcav_scores` of ``settings``' named concepts, built from ``data``'s training
    digits, for the test digits of ``settings.target``."""
    layers = settings.layers or default_layers(model)
    concepts = {
        name: concept_examples(data, name, settings.examples, settings.seed)
        for name in settings.concepts
    }
    randoms = [
        concept_examples(data, f"random{i}", settings.examples, settings.seed)
        for i in range(settings.runs + 1)
    ]
    inputs = class_inputs(data, settings.target)
    return tcav_scores(
        model,
        inputs,
        settings.target,
        concepts,
        randoms,
        layers,
        seed=settings.seed,
        alpha=settings.alpha,
        progress=progress,
    )
