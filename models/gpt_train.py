"""Training the code GPT (``python -m models.train gpt``): tokenizer, teacher, distilled student.

Everything is seeded and runs on a fixed number of threads, so a rerun on the same machine
reproduces the weights. The teacher learns next-token prediction on random windows of the
training split; the student (half the layers) starts from the teacher's embedding, final norm and
every other block (as DistilBERT does) and learns from the teacher's next-token distributions
(KL) mixed with the true next tokens (cross-entropy). Metrics go to ``<name>.json``.

Validation perplexity stays far above training perplexity (the held-out modules bring names and
idioms the model never saw), so every run checks perplexity every ``eval_every`` steps on a
*selection* slice of the validation split (tokens 8,192–12,287, disjoint from the first 8,192
that the recorded perplexity is measured on) and keeps the weights of the best check (early
stopping), so a longer run cannot end on an over-fitted model. The JSON records the whole
curve. Measured (1 thread, shared machine): over 1,000 steps the selection perplexity fell to 91
at step 550 and rose to 104 by step 1,000 while the training loss kept falling (over-fitting);
the kept step-550 weights measure 101 on the recorded slice. (Shorter schedules, without early
stopping: 400 steps gave 107 and 600 steps 97 — the cosine schedule's end matters too.)
"""

from __future__ import annotations

import json
import math
import platform
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

import torch
import torch.nn.functional as F
from torch import nn

from models.gpt import (
    CONTEXT,
    EVAL_TOKENS,
    STUDENT,
    STUDENT_CONFIG,
    TEACHER,
    TEACHER_CONFIG,
    TOKENIZER_FILE,
    build_model,
    encode_split,
    load_tokenizer,
    parameter_count,
    perplexity,
    save_weights,
    tokenizer_path,
    validation_ids,
)
from models.gpt_corpus import load_documents, text_digest


@dataclass(frozen=True)
class LMTrainConfig:
    """One language-model training run."""

    steps: int = 600
    batch_size: int = 16  # × CONTEXT tokens = 4,096 tokens a step
    context: int = CONTEXT
    lr: float = 3e-3  # high for a transformer, fine at 1.6 M parameters with warm-up and clipping
    warmup: int = 50
    min_lr_ratio: float = 0.1  # cosine decay ends at lr × this
    weight_decay: float = 0.1
    clip: float = 1.0
    seed: int = 0
    # One thread: on a shared 2-core machine two OpenMP threads that wait for each other while
    # another process holds a core ran 5× slower; a fixed count also makes reruns repeat exactly.
    threads: int = 1
    # Distillation only: loss = kd_weight · KL(teacher ‖ student) + (1 − kd_weight) · CE.
    kd_weight: float = 0.7
    kd_temperature: float = 1.0  # T = 1: the draft should match the teacher's own distribution
    eval_every: int = 50  # steps between perplexity checks on the selection slice (≈1 s each)


TEACHER_TRAIN = LMTrainConfig(steps=1000)
STUDENT_TRAIN = LMTrainConfig(steps=300)
# Early stopping looks at validation tokens [EVAL_TOKENS, EVAL_TOKENS + SELECT_TOKENS).
SELECT_TOKENS = 4096
# Student block i starts as teacher block STUDENT_INIT_LAYERS[i].
STUDENT_INIT_LAYERS = (0, 2)


def lr_at(step: int, config: LMTrainConfig) -> float:
    """Linear warm-up, then cosine decay to ``lr × min_lr_ratio`` at the last step."""
    if step < config.warmup:
        return config.lr * (step + 1) / config.warmup
    progress = (step - config.warmup) / max(1, config.steps - config.warmup)
    floor = config.min_lr_ratio
    return config.lr * (floor + (1 - floor) * 0.5 * (1 + math.cos(math.pi * progress)))


def random_windows(
    ids: torch.Tensor, batch_size: int, context: int, generator: torch.Generator
) -> torch.Tensor:
    """``batch_size`` windows of ``context + 1`` consecutive tokens at random offsets."""
    starts = torch.randint(0, len(ids) - context - 1, (batch_size,), generator=generator)
    return torch.stack([ids[s : s + context + 1] for s in starts.tolist()])


# loss(student_logits, batch) → scalar; batch is (B, context + 1) token ids.
LMLoss = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]


def next_token_loss(logits: torch.Tensor, batch: torch.Tensor) -> torch.Tensor:
    """Mean cross-entropy of each position's prediction against the next token."""
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), batch[:, 1:].reshape(-1))


def distillation_loss(teacher: nn.Module, config: LMTrainConfig) -> LMLoss:
    """KL from the teacher's next-token distributions, mixed with cross-entropy."""
    t = config.kd_temperature

    def loss(logits: torch.Tensor, batch: torch.Tensor) -> torch.Tensor:
        with torch.no_grad():
            target = teacher(input_ids=batch[:, :-1]).logits
        kl = F.kl_div(
            F.log_softmax(logits / t, -1).flatten(0, 1),
            F.log_softmax(target / t, -1).flatten(0, 1),
            log_target=True,
            reduction="batchmean",
        )
        return config.kd_weight * kl * t * t + (1 - config.kd_weight) * next_token_loss(
            logits, batch
        )

    return loss


def train_lm(
    model: nn.Module,
    ids: torch.Tensor,
    config: LMTrainConfig,
    loss_fn: LMLoss = next_token_loss,
    select_ids: torch.Tensor | None = None,
    log: Callable[[int, float, float], None] | None = None,
) -> list[tuple[int, float, float]]:
    """Train ``model`` in place with AdamW; returns ``(step, mean training loss since the last
    entry, selection perplexity)`` every ``config.eval_every`` steps.

    With ``select_ids`` the model ends with the weights of the check with the lowest perplexity
    on them (early stopping); without, with its last weights (and NaN in the curve). Batches
    come from a generator of the run's own (the global one is left alone); the models have no
    dropout, so nothing else draws random numbers.
    """
    generator = torch.Generator().manual_seed(config.seed)
    decay = [p for n, p in model.named_parameters() if p.ndim >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.ndim < 2]
    optimiser = torch.optim.AdamW(
        [{"params": decay, "weight_decay": config.weight_decay}, {"params": no_decay}],
        lr=config.lr,
        weight_decay=0.0,
        betas=(0.9, 0.95),
    )
    model.train()
    curve: list[tuple[int, float, float]] = []
    running, count = 0.0, 0
    best, best_state = math.inf, None
    for step in range(config.steps):
        for group in optimiser.param_groups:
            group["lr"] = lr_at(step, config)
        batch = random_windows(ids, config.batch_size, config.context, generator)
        logits = model(input_ids=batch[:, :-1]).logits
        loss = loss_fn(logits, batch)
        optimiser.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), config.clip)
        optimiser.step()
        running += float(loss.detach())
        count += 1
        if (step + 1) % config.eval_every == 0 or step + 1 == config.steps:
            selection = math.nan
            if select_ids is not None:
                model.eval()
                selection = perplexity(model, select_ids, config.context).perplexity
                model.train()
                if selection < best:
                    best = selection
                    best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
            curve.append((step + 1, round(running / count, 4), round(selection, 4)))
            if log is not None:
                log(step + 1, running / count, selection)
            running, count = 0.0, 0
    if best_state is not None:
        model.load_state_dict(best_state)
    model.eval()
    return curve


def student_from_teacher(teacher: nn.Module) -> nn.Module:
    """A student whose embedding, final norm and blocks are copies of the teacher's."""
    student = build_model(STUDENT_CONFIG)
    state = teacher.state_dict()
    own = {}
    for key in student.state_dict():
        if key.startswith("model.layers."):
            index, rest = key[len("model.layers.") :].split(".", 1)
            own[key] = state[f"model.layers.{STUDENT_INIT_LAYERS[int(index)]}.{rest}"]
        else:
            own[key] = state[key]
    student.load_state_dict(own)
    return student


def _metrics(
    name: str,
    model: nn.Module,
    config: LMTrainConfig,
    seconds: float,
    curve: list[tuple[int, float, float]],
    extra: dict,
) -> dict:
    import transformers

    ppl = perplexity(model, validation_ids(EVAL_TOKENS))
    arch = TEACHER_CONFIG if name == TEACHER else STUDENT_CONFIG
    return {
        "model": name,
        "validation_perplexity": round(ppl.perplexity, 4),
        "validation_nll": round(ppl.mean_nll, 6),
        "validation_tokens": ppl.tokens,
        "validation_context": ppl.context,
        "parameters": parameter_count(model),
        "train_seconds": round(seconds, 1),
        "threads": config.threads,
        "tokens_seen": config.steps * config.batch_size * config.context,
        "architecture": asdict(arch),
        "config": asdict(config),
        # (step, mean training loss, perplexity on the selection slice) every eval_every steps
        "curve": curve,
        "best_step": min(curve, key=lambda row: row[2])[0],
        "selection_tokens": [EVAL_TOKENS, EVAL_TOKENS + SELECT_TOKENS],
        "tokenizer": TOKENIZER_FILE,
        "corpus_sha256": text_digest(list(load_documents())),
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "python": platform.python_version(),
        **extra,
    }


def _write(name: str, model: nn.Module, metrics: dict) -> None:
    path = save_weights(model, name)
    path.with_suffix(".json").write_text(json.dumps(metrics, indent=2) + "\n")
    print(
        f"{name}: validation perplexity {metrics['validation_perplexity']:.3f} "
        f"({metrics['train_seconds']:.0f} s) → {path}",
        flush=True,
    )


def train_gpt(
    seed: int = 0,
    teacher_config: LMTrainConfig = TEACHER_TRAIN,
    student_config: LMTrainConfig = STUDENT_TRAIN,
) -> tuple[dict, dict]:
    """Train and save the tokenizer, the teacher and the student; returns both metrics."""
    teacher_config = LMTrainConfig(**{**asdict(teacher_config), "seed": seed})
    student_config = LMTrainConfig(**{**asdict(student_config), "seed": seed})
    torch.set_num_threads(teacher_config.threads)

    start = time.perf_counter()
    path = tokenizer_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    from models.gpt import train_tokenizer_on_corpus

    train_tokenizer_on_corpus().save(str(path))
    tokenizer = load_tokenizer()
    ids = encode_split("train", tokenizer)
    validation_ids.cache_clear()
    print(f"tokenizer: {len(ids):,} training tokens ({time.perf_counter() - start:.1f} s)")

    def log(name: str, total: int) -> Callable[[int, float, float], None]:
        began = time.perf_counter()

        def line(step: int, loss: float, selection: float) -> None:
            seconds = time.perf_counter() - began
            print(
                f"  {name} step {step:4d}/{total}  loss {loss:.4f}  "
                f"selection perplexity {selection:8.3f}  {seconds:5.0f} s",
                flush=True,
            )

        return line

    select = validation_ids(EVAL_TOKENS + SELECT_TOKENS)[EVAL_TOKENS:]

    start = time.perf_counter()
    teacher = build_model(TEACHER_CONFIG, seed=seed)
    curve = train_lm(
        teacher, ids, teacher_config, select_ids=select, log=log(TEACHER, teacher_config.steps)
    )
    seconds = time.perf_counter() - start
    teacher_metrics = _metrics(
        TEACHER, teacher, teacher_config, seconds, curve, {"train_tokens": len(ids)}
    )
    _write(TEACHER, teacher, teacher_metrics)

    start = time.perf_counter()
    student = student_from_teacher(teacher)
    for p in teacher.parameters():
        p.requires_grad_(False)
    curve = train_lm(
        student,
        ids,
        student_config,
        loss_fn=distillation_loss(teacher, student_config),
        select_ids=select,
        log=log(STUDENT, student_config.steps),
    )
    seconds = time.perf_counter() - start
    student_metrics = _metrics(
        STUDENT,
        student,
        student_config,
        seconds,
        curve,
        {"teacher": TEACHER, "init_layers": list(STUDENT_INIT_LAYERS), "train_tokens": len(ids)},
    )
    _write(STUDENT, student, student_metrics)
    return teacher_metrics, student_metrics
