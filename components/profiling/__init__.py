"""Where the time goes: operator-level profiles (torch.profiler, ONNX Runtime's own profiler),
operators grouped into families, and the Chrome trace of each profile."""

from components.profiling.charts import family_chart
from components.profiling.families import FAMILIES, FAMILY_ORDER, Family, family_of
from components.profiling.operators import (
    PROFILING,
    OperatorProfile,
    ProfileSettings,
    family_change,
    family_shares,
    profile_callable,
    profile_model,
    profile_prepared,
)
from components.profiling.ort import profile_onnxruntime, read_ort_profile

__all__ = [
    "FAMILIES",
    "FAMILY_ORDER",
    "PROFILING",
    "Family",
    "OperatorProfile",
    "ProfileSettings",
    "family_change",
    "family_chart",
    "family_of",
    "family_shares",
    "profile_callable",
    "profile_model",
    "profile_onnxruntime",
    "profile_prepared",
    "read_ort_profile",
]
