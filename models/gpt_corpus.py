"""The text the small code GPT learns from: Python standard-library modules, with a fixed split.

The corpus is a fixed list of pure-Python modules of CPython 3.11.7's standard library, each
taken whole, byte for byte (UTF-8, ``\\n`` line ends). Whole *modules* go to the train or the
validation split, never parts of one, so validation perplexity is measured on code the model has
not seen. The exact text is committed as ``models/data/gpt_corpus.json`` (about 1.3 MB), so
training and every test read the same characters on any Python; ``python -m models.gpt_corpus``
rebuilds that file from the running interpreter's standard library and refuses unless it is
CPython 3.11.7, for which the rebuild is bit for bit identical (a test checks this).

Licence: the Python standard library is distributed under the PSF License Agreement, which
allows copying and redistributing it provided the licence and copyright notice are retained:
CPython's ``LICENSE.txt`` is shipped beside the corpus as ``models/data/PYTHON_LICENSE.txt``.
"""

from __future__ import annotations

import hashlib
import json
import platform
import sys
import sysconfig
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
CORPUS_FILE = DATA_DIR / "gpt_corpus.json"
LICENCE_FILE = DATA_DIR / "PYTHON_LICENSE.txt"
PYTHON_VERSION = "3.11.7"  # the interpreter whose standard library the snapshot was taken from

# Readable, idiomatic, pure-Python modules of moderate size (no generated tables, no test suite):
# the model should learn what everyday Python looks like. Total ≈1.1 MB of training text.
TRAIN_MODULES: tuple[str, ...] = (
    "abc", "copy", "glob", "graphlib", "types", "filecmp", "numbers", "queue", "string",
    "shlex", "timeit", "cmd", "fileinput", "csv", "posixpath", "selectors", "textwrap",
    "warnings", "base64", "gettext", "weakref", "heapq", "pprint", "calendar", "tokenize",
    "contextlib", "socketserver", "uuid", "fractions", "tempfile", "_collections_abc", "ntpath",
    "random", "bdb", "functools", "os", "traceback", "statistics", "pathlib", "configparser",
    "shutil", "threading", "dataclasses",
)  # fmt: skip
# Held out whole (≈0.1 MB, ≈9 %): perplexity on these is perplexity on unseen modules.
VALIDATION_MODULES: tuple[str, ...] = (
    "difflib", "operator", "bisect", "sched", "reprlib", "fnmatch",
)  # fmt: skip
SPLITS = ("train", "validation")


@dataclass(frozen=True)
class Document:
    """One standard-library module, whole."""

    module: str  # e.g. "textwrap" (the file is ``<module>.py``)
    split: str  # "train" or "validation"
    text: str


def stdlib_dir() -> Path:
    """The running interpreter's standard-library folder."""
    return Path(sysconfig.get_paths()["stdlib"])


def read_module(module: str, root: Path) -> str:
    """The source of ``root/<module>.py`` exactly as stored (UTF-8, ``\\n`` line ends kept)."""
    return (root / f"{module}.py").read_bytes().decode("utf-8")


def build_documents(root: Path | None = None) -> list[Document]:
    """Read every listed module from ``root`` (default: this interpreter's standard library)."""
    root = stdlib_dir() if root is None else root
    return [
        Document(module, split, read_module(module, root))
        for split, modules in zip(SPLITS, (TRAIN_MODULES, VALIDATION_MODULES), strict=True)
        for module in modules
    ]


def text_digest(documents: list[Document]) -> str:
    """SHA-256 over the documents in order (module name, split, text): the snapshot's identity."""
    digest = hashlib.sha256()
    for doc in documents:
        for part in (doc.module, doc.split, doc.text):
            digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


def snapshot(documents: list[Document]) -> dict:
    """The JSON object written to :data:`CORPUS_FILE`."""
    return {
        "source": f"CPython {PYTHON_VERSION} standard library (Lib/<module>.py)",
        "licence": "PSF License Agreement; see PYTHON_LICENSE.txt beside this file",
        "python": PYTHON_VERSION,
        "sha256": text_digest(documents),
        "documents": [doc.__dict__ for doc in documents],
    }


@cache
def load_documents() -> tuple[Document, ...]:
    """The committed corpus, checked against its recorded digest."""
    data = json.loads(CORPUS_FILE.read_text(encoding="utf-8"))
    documents = [Document(**doc) for doc in data["documents"]]
    if text_digest(documents) != data["sha256"]:
        raise ValueError(f"{CORPUS_FILE.name} does not match its recorded sha256")
    return tuple(documents)


# Separates modules in the joined text: a code model sees where one file ends and the next starts.
DOCUMENT_SEPARATOR = "\n\n"


def split_text(split: str) -> str:
    """All modules of one split, in the listed order, joined by :data:`DOCUMENT_SEPARATOR`."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, got {split!r}")
    return DOCUMENT_SEPARATOR.join(doc.text for doc in load_documents() if doc.split == split)


def main() -> int:
    """Rebuild the committed snapshot (and the licence copy) from this interpreter."""
    if platform.python_implementation() != "CPython" or platform.python_version() != (
        PYTHON_VERSION
    ):
        print(
            f"The snapshot is of CPython {PYTHON_VERSION}; this is "
            f"{platform.python_implementation()} {platform.python_version()}.",
            file=sys.stderr,
        )
        return 1
    documents = build_documents()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    text = json.dumps(snapshot(documents), indent=1, ensure_ascii=False) + "\n"
    CORPUS_FILE.write_text(text, encoding="utf-8")
    LICENCE_FILE.write_bytes((stdlib_dir() / "LICENSE.txt").read_bytes())
    sizes = {s: sum(len(d.text) for d in documents if d.split == s) for s in SPLITS}
    print(f"{CORPUS_FILE}: {len(documents)} modules, characters {sizes}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
