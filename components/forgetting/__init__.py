"""What compression forgets (no streamlit here): per-class damage, forgotten examples,
pruning-identified exemplars, representation drift (CKA, PCA) and adversarial robustness of the
original against each compressed variant.

Functions that need the original's outputs take them precomputed (the page caches them), so a
view runs only the variant.
"""

from components.forgetting.adversarial import (
    AdversarialExample,
    AdversarialImages,
    Prediction,
    adversarial_example,
    adversarial_images,
)
from components.forgetting.applies import ForgettingApplicability, forgetting_applicability
from components.forgetting.attacks import (
    DEFAULT_EPSILONS,
    AttackName,
    AttackSettings,
    example_loss,
    fgsm_examples,
    has_gradients,
    pgd_example,
)
from components.forgetting.bounds import InputRange, input_range
from components.forgetting.cka import centered_gram, cka_from_grams, linear_cka
from components.forgetting.drift import (
    DRIFT_REASONS,
    DriftResult,
    DriftSettings,
    LayerDrift,
    LayerGrams,
    layer_grams,
    representation_drift,
)
from components.forgetting.forgotten import ForgottenExamples, forgotten_examples
from components.forgetting.noise_flip import NoiseFlip, NoiseSearch, smallest_flipping_noise
from components.forgetting.paraphrase import (
    BrokenPair,
    ParaphraseDamage,
    paraphrase_damage,
)
from components.forgetting.per_class import ClassDamage, class_damage, confusion_matrix
from components.forgetting.pie import (
    PieResult,
    PieSettings,
    pie_from_probabilities,
    pruned_population_probs,
    pruning_identified_exemplars,
)
from components.forgetting.projection import (
    Projection,
    penultimate_features,
    penultimate_projection,
    project_features,
)
from components.forgetting.robustness import (
    CURVE_COLUMNS,
    RobustCurve,
    RobustCurves,
    robust_accuracy,
)
from components.forgetting.samples import EvalSample, evaluation_sample, stratified_indices

__all__ = [
    "CURVE_COLUMNS",
    "DEFAULT_EPSILONS",
    "DRIFT_REASONS",
    "AdversarialExample",
    "AdversarialImages",
    "AttackName",
    "AttackSettings",
    "BrokenPair",
    "ClassDamage",
    "DriftResult",
    "DriftSettings",
    "EvalSample",
    "ForgettingApplicability",
    "ForgottenExamples",
    "InputRange",
    "LayerDrift",
    "LayerGrams",
    "NoiseFlip",
    "NoiseSearch",
    "ParaphraseDamage",
    "PieResult",
    "PieSettings",
    "Prediction",
    "Projection",
    "RobustCurve",
    "RobustCurves",
    "adversarial_example",
    "adversarial_images",
    "centered_gram",
    "cka_from_grams",
    "class_damage",
    "confusion_matrix",
    "evaluation_sample",
    "example_loss",
    "fgsm_examples",
    "forgetting_applicability",
    "forgotten_examples",
    "has_gradients",
    "input_range",
    "layer_grams",
    "linear_cka",
    "paraphrase_damage",
    "penultimate_features",
    "penultimate_projection",
    "pgd_example",
    "pie_from_probabilities",
    "project_features",
    "pruned_population_probs",
    "pruning_identified_exemplars",
    "representation_drift",
    "robust_accuracy",
    "smallest_flipping_noise",
    "stratified_indices",
]
