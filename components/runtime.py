"""Process-wide torch settings for a server that many sessions share.

* **Threads.** torch's intra-op thread count is chosen once per server (:func:`configure_torch`).
  Default: ONE thread per computation (``MODELLENS_THREADS`` overrides it). Every Streamlit
  session runs its script in its own thread and, with OpenMP, every such thread gets its own
  team of ``threads`` workers: 30 sessions × 2 threads on 2 cores is 60 busy threads, and
  libgomp's spin-waiting workers of concurrent sessions then stall each other (measured here:
  10× slower whenever another process was busy). The zoo's models are small, so one thread loses
  little for a single user, and concurrent sessions use the cores side by side. Pages that
  measure threads on purpose (the Accelerate sweep) set them for their own block only.
* **torch.fx tracing** (static int8 quantization, ``torch.compile``, ``torch.onnx.export``)
  patches ``torch.nn.Module.__call__`` and ``__getattr__`` for the whole process while it traces:
  every other session's plain inference then ran through the tracer and failed ("module is not
  installed as a submodule", measured in tests/components/test_concurrency.py).
  :func:`thread_safe_fx` binds those patches to the tracing thread and lets one trace run at a
  time.
* **torch's global random generator** is shared by every thread: :func:`seeded_global_rng` is
  the one way seeded code draws from it.
"""

from __future__ import annotations

import builtins
import contextlib
import functools
import os
import threading
from collections.abc import Callable, Iterator
from typing import Any

import torch
import torch.fx._symbolic_trace as _fx

from models.rng import GLOBAL_RNG_LOCK, check_seed

THREADS_ENV = "MODELLENS_THREADS"
DEFAULT_THREADS = 1  # see the module docstring: sessions, not ops, share the cores

_configured: int | None = None
_configure_lock = threading.Lock()


def default_threads() -> int:
    """``MODELLENS_THREADS`` if set (at least 1), else :data:`DEFAULT_THREADS`."""
    return max(1, int(os.environ.get(THREADS_ENV, "0") or 0) or DEFAULT_THREADS)


def configure_torch(threads: int | None = None) -> int:
    """Choose torch's intra-op thread count for the whole server, once, and apply it to the
    calling thread. Later calls apply the chosen count again and return it; ``threads`` is
    honoured by the first call only.
    """
    global _configured
    with _configure_lock:
        if _configured is None:
            _configured = max(1, threads) if threads is not None else default_threads()
        count = _configured
    apply_threads(count)
    return count


def apply_threads(count: int) -> None:
    """Give the calling thread ``count`` intra-op threads (a no-op when it has them).

    With OpenMP the count is per thread, and a new thread starts with whatever count was set
    last anywhere: a session that timed 4 threads would hand them to the next session's run.
    Each script run calls this (through :func:`configure_torch`) to start from the server's
    count.
    """
    if torch.get_num_threads() != count:
        torch.set_num_threads(count)


# --- torch's global random generator --------------------------------------------------------

# captum's NoiseTunnel, Lime and KernelShap, torch.nn.utils.prune's random pruning, dropout and
# the layers' reset_parameters draw from torch's global CPU generator and take none of their own.
# It is shared by every thread (every session): one lock for all of them (models.rng's, which the
# training loop takes too) makes "seed, then draw" atomic.


@contextlib.contextmanager
def seeded_global_rng(seed: int | None) -> Iterator[None]:
    """Run the block with torch's global CPU generator seeded to ``seed``, one block at a time
    in the whole process; the generator's previous state is put back afterwards.

    ``seed=None`` keeps the current state: for library code that draws numbers it throws away
    (``convert_fx`` initialises modules randomly, then loads the real weights), so that it does
    not shift the stream of a seeded block running in another thread.
    """
    with GLOBAL_RNG_LOCK, torch.random.fork_rng(devices=[]):
        if seed is not None:
            check_seed(seed)
            torch.manual_seed(seed)
        yield


# --- thread-safe torch.fx tracing -------------------------------------------------------------

_FX_LOCK = threading.RLock()  # one trace at a time: a trace's patches are undone at its end
_fx_installed = False


def _bound_to(owner: int, new_fn: Callable[..., Any], orig_fn: Any) -> Callable[..., Any]:
    """``new_fn`` on the thread ``owner``, the original everywhere else."""

    @functools.wraps(new_fn)
    def dispatch(*args: Any, **kwargs: Any) -> Any:
        if threading.get_ident() == owner:
            return new_fn(*args, **kwargs)
        return orig_fn(*args, **kwargs)

    return dispatch


def thread_safe_fx() -> None:
    """Make torch.fx's symbolic tracing safe beside other threads (idempotent, process-wide).

    Each patch the tracer makes (``Module.__call__``, ``Module.__getattr__``, wrapped
    functions) acts only on the thread that traces; other threads keep the original. Traces
    themselves are serialised, because each undoes its patches when it ends.
    """
    global _fx_installed
    with _FX_LOCK:
        if _fx_installed:
            return
        patcher = _fx._Patcher
        patch_method, patch = patcher.patch_method, patcher.patch
        new_patcher = _fx._new_patcher

        def thread_patch_method(self, cls, name, new_fn, deduplicate=True):
            orig_fn = getattr(cls, name)
            bound = _bound_to(threading.get_ident(), new_fn, orig_fn)
            return patch_method(self, cls, name, bound, deduplicate)

        def thread_patch(self, frame_dict, name, new_fn, deduplicate=True):
            orig_fn = frame_dict[name] if name in frame_dict else getattr(builtins, name, None)
            if orig_fn is not None:
                new_fn = _bound_to(threading.get_ident(), new_fn, orig_fn)
            return patch(self, frame_dict, name, new_fn, deduplicate)

        @contextlib.contextmanager
        def one_trace_at_a_time() -> Iterator[Any]:
            with _FX_LOCK, new_patcher() as current:
                yield current

        patcher.patch_method = thread_patch_method
        patcher.patch = thread_patch
        _fx._new_patcher = one_trace_at_a_time
        _fx_installed = True


thread_safe_fx()
