"""The code GPT's corpus: a committed, checked snapshot with a fixed split by whole modules."""

from __future__ import annotations

import platform

import pytest

from models.gpt_corpus import (
    CORPUS_FILE,
    LICENCE_FILE,
    PYTHON_VERSION,
    TRAIN_MODULES,
    VALIDATION_MODULES,
    build_documents,
    load_documents,
    snapshot,
    split_text,
    stdlib_dir,
)


def test_split_is_fixed_and_disjoint():
    docs = load_documents()
    assert [d.module for d in docs if d.split == "train"] == list(TRAIN_MODULES)
    assert [d.module for d in docs if d.split == "validation"] == list(VALIDATION_MODULES)
    assert not set(TRAIN_MODULES) & set(VALIDATION_MODULES)


def test_sizes_are_as_documented():
    train, validation = split_text("train"), split_text("validation")
    assert 1.0e6 < len(train) < 1.2e6
    assert 0.08 < len(validation) / (len(train) + len(validation)) < 0.12
    assert CORPUS_FILE.stat().st_size < 1.5e6  # the committed file stays small


def test_validation_text_never_appears_in_training():
    train = split_text("train")
    for doc in load_documents():
        if doc.split == "validation":
            assert doc.text[:500] not in train, doc.module


def test_licence_shipped_beside_the_corpus():
    text = LICENCE_FILE.read_text()
    assert "PYTHON SOFTWARE FOUNDATION LICENSE VERSION 2" in text


def test_unknown_split_is_refused():
    with pytest.raises(ValueError, match="split"):
        split_text("test")


@pytest.mark.skipif(
    platform.python_implementation() != "CPython" or platform.python_version() != PYTHON_VERSION,
    reason=f"the snapshot is of CPython {PYTHON_VERSION}'s standard library",
)
def test_rebuild_from_stdlib_is_bit_for_bit_identical():
    import json

    rebuilt = snapshot(build_documents(stdlib_dir()))
    assert rebuilt == json.loads(CORPUS_FILE.read_text(encoding="utf-8"))
