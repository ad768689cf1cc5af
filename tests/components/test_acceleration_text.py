"""Accelerate backend on MiniLM: token batches of a chosen length, every CPU backend but compile
(12–17 s of compiling, checked on LeNet) matches eager — ONNX Runtime also at another batch
size *and* sequence length — the shared encoder is untouched, and the memory guard measures
attention's growth with the sequence length.

Measured (max |Δ| / max ‖embedding‖ = max |Δ|, the embeddings have unit length): ONNX Runtime
2e-7, dynamic int8 0.041, bf16 0.0023, fp16 0.0003.
"""

from __future__ import annotations

import pytest
import torch
from torch import nn

from components.acceleration import (
    BACKEND_INFO,
    activation_bytes_per_sample,
    check_budget,
    make_inputs,
    prepare_backend,
)
from components.errors import UserFacingError
from components.shared_models import fingerprint, leftover_hooks
from models.registry import get_spec, load_model

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("one_thread")]

MINILM = get_spec("minilm")


@pytest.fixture(scope="module")
def minilm() -> nn.Module:
    return load_model("minilm")


def test_make_inputs_text(minilm):
    ids, mask = make_inputs(MINILM, minilm, 3, seq_len=40)
    assert ids.shape == mask.shape == (3, 40)
    assert bool((mask == 1).all())  # every position is a real token, none is padding
    cls, sep = minilm.tokenizer.cls_token_id, minilm.tokenizer.sep_token_id
    assert (ids[:, 0] == cls).all() and (ids[:, -1] == sep).all()
    assert not ((ids[:, 1:-1] == cls) | (ids[:, 1:-1] == sep)).any()
    # The body is the sentence's own tokens, repeated.
    first = minilm.tokenize([MINILM.load_data().sentences[0]])["input_ids"][0]
    body = first[1 : int((first != 0).sum()) - 1]
    assert ids[0, 1 : 1 + len(body)].tolist() == body.tolist()
    for seq_len in (7, 129):
        with pytest.raises(UserFacingError) as err:
            make_inputs(MINILM, minilm, 2, seq_len=seq_len)
        assert err.value.key == "accelerate.error.seq_range"
        assert err.value.values == {"value": seq_len, "low": 8, "high": 128}


def test_minilm_backends_match_eager(minilm):
    before = fingerprint(minilm)
    inputs = make_inputs(MINILM, minilm, 4, seq_len=32)
    other = make_inputs(MINILM, minilm, 2, seq_len=20)  # another batch and sequence length
    with torch.inference_mode():
        reference = minilm(*other)
    prepared = {}
    for name in ("onnxruntime", "int8_dynamic", "bf16", "fp16"):
        backend = prepare_backend(name, minilm, inputs, threads=1)
        prepared[name] = backend
        assert backend.matches, (name, backend.max_abs_diff, backend.tolerance)
        out = backend.run(*other)
        assert out.shape == (2, 384)
        diff = float((out - reference).abs().max())
        assert diff <= BACKEND_INFO[name].rel_tolerance * float(reference.norm(dim=1).max())
    assert prepared["onnxruntime"].max_abs_diff < 1e-5
    assert 1e-3 < prepared["int8_dynamic"].max_abs_diff < 0.1  # lossy, but bounded
    assert prepared["int8_dynamic"].notes == ()  # no convolutions, no nn.MultiheadAttention
    assert fingerprint(minilm) == before
    assert leftover_hooks(minilm) == 0


def test_memory_guard_grows_with_sequence_length(minilm):
    short = activation_bytes_per_sample(MINILM, minilm, 16)
    long = activation_bytes_per_sample(MINILM, minilm, 128)
    # Hidden states grow linearly, the 12 heads' 128 × 128 attention maps quadratically.
    assert long > 8 * short
    assert long >= 12 * 128 * 128 * 4  # at least one layer's attention probabilities
    assert long < 16 * 2**20  # measured 2.8 MiB per 128-token sentence
    budget = check_budget(MINILM, 256, 128, model=minilm, available_bytes=64 * 2**30)
    assert budget.per_sample_bytes == long
    with pytest.raises(UserFacingError) as err:
        check_budget(MINILM, 256, 128, model=minilm, available_bytes=2**30)
    assert err.value.key == "accelerate.error.memory"
    assert (err.value.values["batch"], err.value.values["seq_len"]) == (256, 128)
