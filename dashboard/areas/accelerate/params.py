"""The Accelerate page's URL parameters; the thread count is bounded by this machine's cores."""

from __future__ import annotations

import os

from components.acceleration import BACKENDS
from components.parallel import SCHEDULES, ParallelSettings
from components.profiling import ProfileSettings
from components.url_state import (
    UrlParam,
    bool_text,
    boolean,
    bounded_int,
    choice,
    list_text,
    name_list,
    text,
)

ACCELERATE_VIEWS = ("backends", "threads", "parallel", "compressed", "profile")
BATCH_CHOICES = (1, 2, 4, 8, 16, 32, 64, 128, 256)  # a log slider: powers of two
SEQ_CHOICES = (8, 16, 32, 64, 128)  # tokens, for the text model
PARALLEL_MODES = ("pipeline", "model", "data")
CORES = os.cpu_count() or 1
# The code GPT (dashboard/areas/accelerate/llm.py): new-token lengths of the KV-cache sweep
# (components.llm.speed_sweep.KV_LENGTHS), batch sizes, and speculative decoding's settings.
LLM_LENGTHS = (16, 32, 64, 128, 256)
LLM_BATCHES = (1, 2, 4, 8)
LLM_DRAFT_TOKENS = (1, 8)  # tokens the draft proposes per round
LLM_SPEC_NEW = (8, 128)  # new tokens of the speculative comparison
LLM_REPEATS = (1, 9)
LLM_PROMPT = "def __init__(self, "  # components.llm.speed_sweep.SPEED_PROMPT (8 tokens)

ACCELERATE_PARAMS: list[UrlParam] = [
    UrlParam("view", "backends", choice(ACCELERATE_VIEWS)),
    UrlParam(
        "backends", ("eager", "onnxruntime", "int8_dynamic"), name_list(len(BACKENDS)), list_text
    ),
    UrlParam("batch", 32, bounded_int(BATCH_CHOICES[0], BATCH_CHOICES[-1])),
    UrlParam("threads", CORES, bounded_int(1, CORES)),
    UrlParam("seq", 32, bounded_int(SEQ_CHOICES[0], SEQ_CHOICES[-1])),
    # parallel
    UrlParam("pmode", "pipeline", choice(PARALLEL_MODES)),
    UrlParam("stages", 2, bounded_int(*ParallelSettings.PROCESSES_RANGE)),
    UrlParam("splits", (), name_list(max_items=ParallelSettings.STAGES_RANGE[1] - 1), list_text),
    UrlParam("schedule", "gpipe", choice(list(SCHEDULES))),
    UrlParam("micro", 4, bounded_int(*ParallelSettings.MICROBATCHES_RANGE)),
    UrlParam("pbatch", ParallelSettings.DEFAULT_BATCH, bounded_int(*ParallelSettings.BATCH_RANGE)),
    # operator profile
    UrlParam("psteps", ProfileSettings.steps, bounded_int(*ProfileSettings.STEPS_RANGE)),
    UrlParam("pvariants", True, boolean, to_text=bool_text),  # compressed variants beside
    # the code GPT
    UrlParam("llm_prompt", LLM_PROMPT, text(2000)),
    UrlParam("llm_max_new", 256, bounded_int(LLM_LENGTHS[0], LLM_LENGTHS[-1])),
    UrlParam("llm_batch", 1, bounded_int(LLM_BATCHES[0], LLM_BATCHES[-1])),
    UrlParam("llm_threads", 1, bounded_int(1, CORES)),
    UrlParam("llm_repeats", 3, bounded_int(*LLM_REPEATS)),
    UrlParam("llm_k", 4, bounded_int(*LLM_DRAFT_TOKENS)),
    UrlParam("llm_spec_new", 64, bounded_int(*LLM_SPEC_NEW)),
]
