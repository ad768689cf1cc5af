"""The Explain page's backend (no streamlit here): attributions, their cost, agreement between
methods, and explanations of compressed variants next to the original's."""

from components.explain.agreement import (
    DEFAULT_TOPK,
    agreement_matrix,
    spearman,
    top_pixels,
    topk_overlap,
)
from components.explain.attention import (
    TextAttention,
    ViTAttention,
    attention_rollout,
    attention_token_scores,
    captured_attention,
    head_view_lines,
    rollout_cls_map,
    text_attention,
    upsample_patch_map,
    vit_attention,
)
from components.explain.attributions import (
    ATTRIBUTION_METHODS,
    ERROR_KEYS,
    REASON_KEYS,
    Explanation,
    applicable_methods,
    blank_baseline,
    explain,
    explain_in_place,
    i18n_keys,
    method_grid,
    predict_topk,
    resolve_params,
)
from components.explain.compare_variants import (
    DEFAULT_AMOUNTS,
    SWEEP_COLUMNS,
    VariantExplanations,
    agreement_vs_pruning,
    explain_variant_pair,
)
from components.explain.counting import PassCount, count_passes
from components.explain.faithfulness import (
    PerturbationCurve,
    deletion_curve,
    infidelity_and_sensitivity,
    insertion_curve,
    masked_input,
    random_curve,
)
from components.explain.inputs import (
    PreparedImage,
    prepare_drawing,
    prepare_test_digit,
    prepare_upload,
)
from components.explain.methods import SEGMENTATIONS, AttributionMethod, ParamSpec, conv_layers
from components.explain.param_grads import gradient_values, parameter_gradients
from components.explain.sanity import RandomisationStep, cascading_randomisation
from components.explain.text import TokenAttribution, token_attributions

__all__ = [
    "ATTRIBUTION_METHODS",
    "DEFAULT_AMOUNTS",
    "DEFAULT_TOPK",
    "ERROR_KEYS",
    "REASON_KEYS",
    "SEGMENTATIONS",
    "SWEEP_COLUMNS",
    "AttributionMethod",
    "Explanation",
    "ParamSpec",
    "PassCount",
    "PerturbationCurve",
    "PreparedImage",
    "RandomisationStep",
    "TextAttention",
    "TokenAttribution",
    "VariantExplanations",
    "ViTAttention",
    "agreement_matrix",
    "agreement_vs_pruning",
    "applicable_methods",
    "attention_rollout",
    "attention_token_scores",
    "blank_baseline",
    "captured_attention",
    "cascading_randomisation",
    "conv_layers",
    "count_passes",
    "deletion_curve",
    "explain",
    "explain_in_place",
    "explain_variant_pair",
    "gradient_values",
    "head_view_lines",
    "i18n_keys",
    "infidelity_and_sensitivity",
    "insertion_curve",
    "masked_input",
    "method_grid",
    "parameter_gradients",
    "predict_topk",
    "prepare_drawing",
    "prepare_test_digit",
    "prepare_upload",
    "random_curve",
    "resolve_params",
    "rollout_cls_map",
    "spearman",
    "text_attention",
    "token_attributions",
    "top_pixels",
    "topk_overlap",
    "upsample_patch_map",
    "vit_attention",
]
