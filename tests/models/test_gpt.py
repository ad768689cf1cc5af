"""The code GPT: shipped tokenizer and weights, reproducible loading and training."""

from __future__ import annotations

import math

import pytest
import torch
from safetensors.torch import save_file

from models.gpt import (
    EVAL_TOKENS,
    STUDENT,
    STUDENT_CONFIG,
    TEACHER,
    TEACHER_CONFIG,
    VOCAB_SIZE,
    GPTConfig,
    build_model,
    load_gpt,
    load_metrics,
    load_tokenizer,
    parameter_count,
    perplexity,
    validation_ids,
    weights_dir,
)
from models.gpt_train import (
    LMTrainConfig,
    distillation_loss,
    lr_at,
    random_windows,
    student_from_teacher,
    train_lm,
)
from models.weights import WeightsMismatchError, WeightsMissingError

TINY = GPTConfig(layers=1, heads=2, width=32, ffn=64, max_positions=64)


@pytest.fixture(scope="module")
def teacher():
    return load_gpt(TEACHER)


def test_tokenizer_round_trips_any_text():
    tokenizer = load_tokenizer()
    text = "def f(x):\n\treturn x  # café, 数据, 🙂\n"
    ids = tokenizer.encode(text, add_special_tokens=False)
    assert tokenizer.decode(ids) == text
    assert len(tokenizer) == VOCAB_SIZE
    assert tokenizer.eos_token_id == tokenizer.pad_token_id == 0


def test_shipped_models_have_the_documented_shapes(teacher):
    student = load_gpt(STUDENT)
    assert teacher.config.num_hidden_layers == TEACHER_CONFIG.layers == 4
    assert student.config.num_hidden_layers == STUDENT_CONFIG.layers == 2
    assert parameter_count(teacher) == load_metrics(TEACHER)["parameters"]
    assert parameter_count(student) == load_metrics(STUDENT)["parameters"]
    assert 1.0e6 < parameter_count(teacher) < 2.5e6
    assert teacher.lm_head.weight is teacher.model.embed_tokens.weight  # tied after loading
    total = sum((weights_dir() / f"{n}.safetensors").stat().st_size for n in (TEACHER, STUDENT))
    assert total < 12e6


def test_reloaded_weights_reproduce_the_recorded_perplexity(teacher):
    recorded = load_metrics(TEACHER)
    result = perplexity(teacher, validation_ids(EVAL_TOKENS))
    assert result.tokens == recorded["validation_tokens"]
    assert result.perplexity == pytest.approx(recorded["validation_perplexity"], rel=1e-4)


def test_perplexity_is_exp_of_the_mean_cross_entropy():
    torch.manual_seed(0)
    model = build_model(TINY)
    ids = torch.randint(0, VOCAB_SIZE, (64,))
    result = perplexity(model, ids, context=32)
    with torch.no_grad():
        logits = model(input_ids=ids.view(2, 32)).logits[:, :-1]
    ce = torch.nn.functional.cross_entropy(
        logits.reshape(-1, VOCAB_SIZE), ids.view(2, 32)[:, 1:].reshape(-1)
    )
    assert result.tokens == 62
    assert result.perplexity == pytest.approx(math.exp(float(ce)), rel=1e-5)


def test_building_leaves_the_global_generator_alone():
    state = torch.random.get_rng_state()
    a, b = build_model(TINY, seed=3), build_model(TINY, seed=3)
    build_model(TINY)
    assert torch.equal(torch.random.get_rng_state(), state)
    assert torch.equal(a.model.embed_tokens.weight, b.model.embed_tokens.weight)


def test_missing_and_foreign_weights_say_so(tmp_path, monkeypatch):
    monkeypatch.setenv("MODELLENS_WEIGHTS_DIR", str(tmp_path))
    with pytest.raises(WeightsMissingError, match=r"models\.train gpt"):
        load_gpt(TEACHER)
    save_file({"model.embed_tokens.weight": torch.zeros(3, 3)}, tmp_path / "gpt.safetensors")
    with pytest.raises(WeightsMismatchError, match="missing keys"):
        load_gpt(TEACHER)


def test_training_is_reproducible_and_lowers_the_loss():
    ids = torch.arange(400) % 17  # a periodic stream: easy to learn
    config = LMTrainConfig(steps=30, batch_size=4, context=16, warmup=3, lr=1e-2, eval_every=10)
    runs = []
    for _ in range(2):
        model = build_model(TINY, seed=0)
        curve = train_lm(model, ids, config)
        runs.append((model.state_dict(), curve))
    for key, value in runs[0][0].items():
        assert torch.equal(value, runs[1][0][key]), key
    assert runs[0][1][-1][1] < 0.5 * runs[0][1][0][1]


def test_early_stopping_keeps_the_best_checked_weights():
    ids = torch.arange(400) % 17
    select = (torch.arange(64) * 5) % 17  # another pattern: its perplexity rises as ids is learnt
    config = LMTrainConfig(steps=40, batch_size=4, context=16, warmup=3, lr=1e-2, eval_every=5)
    model = build_model(TINY, seed=0)
    curve = train_lm(model, ids, config, select_ids=select)
    assert len(curve) == 8
    best = min(row[2] for row in curve)
    assert perplexity(model, select, 16).perplexity == pytest.approx(best, rel=1e-4)


def test_learning_rate_warms_up_then_decays_to_the_floor():
    config = LMTrainConfig(steps=100, warmup=10, lr=1.0, min_lr_ratio=0.1)
    assert lr_at(0, config) == pytest.approx(0.1)
    assert lr_at(9, config) == pytest.approx(1.0)
    assert lr_at(100, config) == pytest.approx(0.1)


def test_windows_are_consecutive_tokens():
    ids = torch.arange(100)
    batch = random_windows(ids, 3, 8, torch.Generator().manual_seed(0))
    assert batch.shape == (3, 9)
    assert torch.equal(batch - batch[:, :1], torch.arange(9).expand(3, 9))


def test_student_starts_from_every_other_teacher_block_and_distils_to_zero_on_itself(teacher):
    student = student_from_teacher(teacher)
    s, t = student.state_dict(), teacher.state_dict()
    assert torch.equal(
        s["model.layers.1.mlp.up_proj.weight"], t["model.layers.2.mlp.up_proj.weight"]
    )
    assert torch.equal(s["model.embed_tokens.weight"], t["model.embed_tokens.weight"])
    batch = validation_ids(256)[None, :65]
    loss = distillation_loss(teacher, LMTrainConfig(kd_weight=1.0))
    with torch.no_grad():
        value = float(loss(teacher(input_ids=batch[:, :-1]).logits, batch))
    assert value == pytest.approx(0, abs=1e-5)
