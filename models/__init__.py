"""ModelLens model zoo: architectures, data, registry, shipped weights and their training script."""

from models.registry import REGISTRY, ModelSpec, get_spec, load_model, model_names
from models.weights import ModelLoadError, WeightsMismatchError, WeightsMissingError

__all__ = [
    "REGISTRY",
    "ModelLoadError",
    "ModelSpec",
    "WeightsMismatchError",
    "WeightsMissingError",
    "get_spec",
    "load_model",
    "model_names",
]
