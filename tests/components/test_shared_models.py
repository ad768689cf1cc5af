"""Shared models stay untouched: private copies, fingerprints, hook counts, per-model locks."""

from __future__ import annotations

import threading
import time

import pytest
import torch
from torch import nn
from torch.nn.utils import prune

from components.shared_models import exclusive, fingerprint, leftover_hooks, working_copy
from models.lenet import LeNet


def lenet() -> LeNet:
    torch.manual_seed(0)
    return LeNet()


def test_pruning_a_working_copy_leaves_the_original_alone():
    original = lenet()
    before = fingerprint(original)
    copy = working_copy(original)
    assert fingerprint(copy) == before
    prune.l1_unstructured(copy.fc1, name="weight", amount=0.5)
    assert float((copy.fc1.weight == 0).float().mean()) == 0.5
    assert fingerprint(original) == before
    assert leftover_hooks(original) == 0
    assert leftover_hooks(copy) > 0
    assert fingerprint(copy) != before
    assert int(torch.count_nonzero(original.fc1.weight)) == 16000
    # Making the pruning permanent removes the hook.
    prune.remove(copy.fc1, "weight")
    assert leftover_hooks(copy) == 0


def test_leftover_hooks_counts_hooks_and_parametrizations():
    model = lenet()
    handle = model.conv1.register_forward_hook(lambda *args: None)
    assert leftover_hooks(model) == 1
    handle.remove()
    assert leftover_hooks(model) == 0

    class Double(nn.Module):
        def forward(self, w):
            return 2 * w

    torch.nn.utils.parametrize.register_parametrization(model.fc2, "weight", Double())
    assert leftover_hooks(model) == 1


def test_fingerprint_changes_with_a_weight():
    model = lenet()
    before = fingerprint(model)
    assert len(before) == 64
    assert fingerprint(model) == before  # stable
    with torch.no_grad():
        model.fc2.bias[3] += 1e-6
    assert fingerprint(model) != before


def test_fingerprint_sees_names_and_dtypes():
    model = lenet()
    before = fingerprint(model)
    assert fingerprint(lenet().double()) != before
    renamed = nn.Sequential()
    for name, child in model.named_children():
        renamed.add_module(name + "_x", child)
    assert fingerprint(renamed) != before


def batchnorm_model() -> nn.Module:
    return nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2))  # num_batches_tracked: 0-dim


def quantized_lenet() -> nn.Module:
    return torch.ao.quantization.quantize_dynamic(lenet(), {nn.Linear}, dtype=torch.qint8)


@pytest.mark.parametrize("build", [batchnorm_model, quantized_lenet], ids=["batchnorm", "qint8"])
def test_fingerprint_of_models_with_scalar_tensors(build):
    assert len(fingerprint(build())) == 64


def test_fingerprint_sees_packed_int8_weights():
    model = quantized_lenet()
    before = fingerprint(model)
    weight, bias = model.fc1._packed_params._weight_bias()
    changed = torch.quantize_per_tensor(
        weight.dequantize() + 0.5, weight.q_scale(), weight.q_zero_point(), torch.qint8
    )
    model.fc1.set_weight_bias(changed, bias)
    assert fingerprint(model) != before


def test_exclusive_serialises_two_threads():
    model = lenet()
    a_inside = threading.Event()
    a_release = threading.Event()
    b_inside = threading.Event()

    def first():
        with exclusive(model):
            a_inside.set()
            a_release.wait(5)

    def second():
        with exclusive(model):
            b_inside.set()

    ta = threading.Thread(target=first)
    ta.start()
    assert a_inside.wait(5)
    tb = threading.Thread(target=second)
    tb.start()
    time.sleep(0.2)
    assert not b_inside.is_set()  # blocked while the first thread holds the model
    a_release.set()
    ta.join(5)
    tb.join(5)
    assert b_inside.is_set()


def test_exclusive_never_lets_two_threads_in():
    model = lenet()
    inside = 0
    most = 0
    counter_lock = threading.Lock()

    def work():
        nonlocal inside, most
        for _ in range(20):
            with exclusive(model) as held:
                assert held is model
                with counter_lock:
                    inside += 1
                    most = max(most, inside)
                time.sleep(0.0005)
                with counter_lock:
                    inside -= 1

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert most == 1
    assert inside == 0


def test_exclusive_is_reentrant_and_per_model():
    model, other = lenet(), lenet()
    done = threading.Event()
    other_free = threading.Event()

    def nested():
        with exclusive(model), exclusive(model):
            done.set()
            other_free.wait(5)

    thread = threading.Thread(target=nested, daemon=True)
    thread.start()
    assert done.wait(5), "nested exclusive() deadlocked"
    # Another model's lock is independent of the one held.
    got = threading.Event()

    def use_other():
        with exclusive(other):
            got.set()

    helper = threading.Thread(target=use_other, daemon=True)
    helper.start()
    assert got.wait(5)
    other_free.set()
    thread.join(5)


class WithTokenizer(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(3, 2)
        self.tokenizer = {"vocab": ["a", "b"]}  # mutable: identity shows it is not copied


def test_working_copy_shares_tokenizer_not_parameters():
    model = WithTokenizer()
    copy = working_copy(model)
    assert copy is not model
    assert copy.tokenizer is model.tokenizer
    assert copy.linear is not model.linear
    assert copy.linear.weight is not model.linear.weight
    assert copy.linear.weight.data_ptr() != model.linear.weight.data_ptr()
    assert torch.equal(copy.linear.weight, model.linear.weight)
    with torch.no_grad():
        copy.linear.weight.zero_()
    assert float(model.linear.weight.abs().sum()) > 0
