"""Backend of the code GPT's techniques: perplexity, seeded generation, KV-cache and speculative
decoding speed, weight-only and dynamic quantization (no streamlit here)."""

from components.llm.evaluation import PerplexityMeasurement, size_bytes, validation_perplexity
from components.llm.generation import (
    DEFAULT_PROMPT,
    GENERATION_BOUNDS,
    Generation,
    GenerationSettings,
    Speed,
    generate_ids,
    generate_text,
    generation_speed,
    prefill_speed,
)
from components.llm.speculative import SpeculativeResult, speculative_generate
from components.llm.variants import VARIANTS, Variant, build_variant

__all__ = [
    "DEFAULT_PROMPT",
    "GENERATION_BOUNDS",
    "VARIANTS",
    "Generation",
    "GenerationSettings",
    "PerplexityMeasurement",
    "SpeculativeResult",
    "Speed",
    "Variant",
    "build_variant",
    "generate_ids",
    "generate_text",
    "generation_speed",
    "prefill_speed",
    "size_bytes",
    "speculative_generate",
    "validation_perplexity",
]
