"""The backend of the Accelerate page (no streamlit here).

The same model behind different inference backends — eager fp32, ``torch.compile``, ONNX Runtime,
dynamic int8, bf16, fp16, and a GPU where there is one — each built from a private copy, checked
against eager within a stated tolerance, and timed in interleaved sweeps over batch sizes and
threads, next to the CPU's measured matmul peak.
"""

from dataclasses import fields

from components.acceleration.backends import (
    BACKEND_INFO,
    BACKENDS,
    BackendInfo,
    PreparedBackend,
    availability,
    inductor_cache_dir,
    prepare_backend,
    torch_threads,
)
from components.acceleration.environment import EnvironmentReport, environment_report
from components.acceleration.inputs import (
    BATCH_CHOICES,
    BATCH_RANGE,
    DEFAULT_SEQ_LEN,
    SEQ_RANGE,
    MemoryBudget,
    activation_bytes_per_sample,
    available_memory_bytes,
    check_budget,
    make_inputs,
)
from components.acceleration.peak import (
    BACKEND_PRECISION,
    OVER_PEAK,
    PEAK_I18N_KEYS,
    PEAK_TABLE_COLUMNS,
    PRECISIONS,
    ROOFLINE_COLUMNS,
    PeakResult,
    achieved_gflops,
    int8_flop_share,
    measure_peak,
    measure_peaks,
    peak_ratios,
    peak_table,
    roofline_frame,
)
from components.acceleration.timing import (
    SWEEP_COLUMNS,
    batch_sweep,
    measure,
    thread_sweep,
    usable_cores,
)

# Every translation key this backend can hand to the page (for the i18n test).
I18N_KEYS: tuple[str, ...] = (
    "accelerate.reason.compile_unsupported",
    "accelerate.reason.no_cpp_compiler",
    "accelerate.reason.onnx_missing",
    "accelerate.reason.no_int8_engine",
    "accelerate.reason.no_linear",
    "accelerate.reason.no_cuda",
    "accelerate.reason.no_mps",
    "accelerate.note.bf16_emulated",
    "accelerate.note.fp16_emulated",
    "accelerate.note.compile_graphs",
    "accelerate.note.ort_sessions",
    "quant.note.dynamic_linear_only",
    "quant.note.attention_fp32",
    "accelerate.error.unavailable",
    "accelerate.error.prepare_failed",
    "accelerate.error.batch_range",
    "accelerate.error.seq_range",
    "accelerate.error.memory",
    *PEAK_I18N_KEYS,
    *(f"accelerate.peak_col.{column}" for column in PEAK_TABLE_COLUMNS),
    *(BACKEND_INFO[key].label_key for key in BACKENDS),
    # EnvironmentReport.rows() field names, shown as accelerate.env.<field>
    *(f"accelerate.env.{f.name}" for f in fields(EnvironmentReport) if f.name != "backends"),
)


def i18n_keys() -> list[str]:
    """Every translation key this backend can hand to the page, sorted."""
    return sorted(I18N_KEYS)


__all__ = [
    "BACKENDS",
    "BACKEND_INFO",
    "BACKEND_PRECISION",
    "BATCH_CHOICES",
    "BATCH_RANGE",
    "DEFAULT_SEQ_LEN",
    "I18N_KEYS",
    "OVER_PEAK",
    "PEAK_TABLE_COLUMNS",
    "PRECISIONS",
    "ROOFLINE_COLUMNS",
    "SEQ_RANGE",
    "SWEEP_COLUMNS",
    "BackendInfo",
    "EnvironmentReport",
    "MemoryBudget",
    "PeakResult",
    "PreparedBackend",
    "achieved_gflops",
    "activation_bytes_per_sample",
    "availability",
    "available_memory_bytes",
    "batch_sweep",
    "check_budget",
    "environment_report",
    "i18n_keys",
    "inductor_cache_dir",
    "int8_flop_share",
    "make_inputs",
    "measure",
    "measure_peak",
    "measure_peaks",
    "peak_ratios",
    "peak_table",
    "prepare_backend",
    "roofline_frame",
    "thread_sweep",
    "torch_threads",
    "usable_cores",
]
