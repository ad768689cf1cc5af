"""FLOPs counted on a real forward pass, checked against hand arithmetic."""

from __future__ import annotations

import torch

from components.flops import count_flops
from models.lenet import LeNet
from models.tiny_vit import TinyViT

# A multiply-add counts 2. conv1: 24×24 outputs × 10 channels × 1·5·5 taps; conv2: 8×8 × 20 ×
# 10·5·5; fc1: 320 → 50; fc2: 50 → 10.
CONV1 = 2 * (24 * 24 * 10 * 25)
CONV2 = 2 * (8 * 8 * 20 * 250)
FC1 = 2 * 320 * 50
FC2 = 2 * 50 * 10
LENET_FLOPS = CONV1 + CONV2 + FC1 + FC2


def test_lenet_flops_batch_1():
    assert LENET_FLOPS == 961000
    assert CONV1 == 288000
    flops = count_flops(LeNet(), (torch.zeros(1, 1, 28, 28),))
    assert flops.total == 961000
    assert flops.batch_size == 1
    assert flops.per_sample == 961000
    assert flops.per_module == {
        "": 961000,
        "conv1": CONV1,
        "conv2": CONV2,
        "fc1": FC1,
        "fc2": FC2,
    }


def test_lenet_flops_scale_with_batch():
    flops = count_flops(LeNet(), (torch.zeros(4, 1, 28, 28),))
    assert flops.total == 4 * 961000
    assert flops.batch_size == 4
    assert flops.per_sample == 961000
    assert flops.per_module["conv1"] == 4 * CONV1


def test_lenet_flops_after_channel_pruning():
    # Half the conv1 channels: conv1 halves, conv2 sees half the input channels.
    flops = count_flops(LeNet(c1=5), (torch.zeros(1, 1, 28, 28),))
    assert flops.per_module["conv1"] == CONV1 // 2
    assert flops.per_module["conv2"] == CONV2 // 2
    assert flops.total == LENET_FLOPS - CONV1 // 2 - CONV2 // 2


def test_tiny_vit_attention_is_counted():
    model = TinyViT().eval()
    tokens, dim, heads, head_dim = 50, 64, 4, 16
    in_proj = 2 * tokens * dim * (3 * dim)
    out_proj = 2 * tokens * dim * dim
    scores_and_mix = 2 * (heads * tokens * tokens * head_dim) * 2  # QKᵀ and AV
    attn = in_proj + out_proj + scores_and_mix
    assert attn == 2 * 50 * 64 * 192 + 2 * 50 * 64 * 64 + 2 * (4 * 50 * 50 * 16) * 2
    # Counted in eval mode and under no_grad too (where MultiheadAttention's fast path would hide
    # the work from the counter).
    with torch.no_grad():
        flops = count_flops(model, (torch.zeros(1, 1, 28, 28),))
    for i in range(4):
        assert flops.per_module[f"blocks.{i}.attn"] == attn == 2278400
    mlp = 2 * 2 * tokens * dim * 128
    assert flops.per_module["blocks.0.mlp"] == mlp
    assert flops.per_module["blocks.0"] == attn + mlp
    patch = 2 * 49 * 64 * 16  # 7×7 patches, 1·4·4 taps each
    head = 2 * 64 * 10
    assert flops.total == patch + 4 * (attn + mlp) + head


def test_concurrent_counts_agree():
    # torch's counter finds modules through process-wide hooks: counts running at once in
    # several threads (background jobs, sessions) once mixed their modules.
    from concurrent.futures import ThreadPoolExecutor

    from components.pruning import PruneSettings, prune_model
    from components.pruning.stats import flop_estimate
    from models.registry import get_spec, load_model

    spec = get_spec("lenet")
    pruned = prune_model(load_model("lenet"), spec, PruneSettings("l1_unstructured", 0.55)).model
    alone = flop_estimate(pruned, spec)
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(lambda _: flop_estimate(pruned, spec), range(12)))
    assert set(together) == {alone}
