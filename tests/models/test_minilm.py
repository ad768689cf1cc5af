"""The bundled all-MiniLM-L6-v2 sentence encoder (loaded once, offline)."""

from __future__ import annotations

import pytest
import torch

from models.data import load_sentence_pairs
from models.minilm import MAX_TOKENS, PROFILE_TOKENS, load_minilm
from models.registry import get_spec

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def minilm():
    return load_minilm()


def test_encode_is_unit_norm(minilm):
    embeddings = minilm.encode(["A cat sits on the mat.", "Stocks fell sharply.", "Hi"])
    assert embeddings.shape == (3, 384)
    assert embeddings.dtype == torch.float32
    torch.testing.assert_close(embeddings.norm(dim=1), torch.ones(3))


def test_paraphrases_are_closer_than_unrelated_pairs(minilm):
    pairs = load_sentence_pairs().pairs
    a = minilm.encode([p[0] for p in pairs])
    b = minilm.encode([p[1] for p in pairs])
    similarity = a @ b.T
    n = len(pairs)
    paraphrase = float(similarity.diag().mean())
    unrelated = float((similarity.sum() - similarity.diag().sum()) / (n * n - n))
    assert paraphrase > unrelated + 0.3, (paraphrase, unrelated)
    assert paraphrase > 0.5


def test_attention_maps(minilm):
    batch = minilm.tokenize(["The cat sleeps.", "A much longer sentence about a sleepy cat."])
    ids, mask = batch["input_ids"], batch["attention_mask"]
    tokens = ids.shape[1]
    with torch.no_grad():
        embeddings, maps = minilm.forward_with_attention(ids, mask)
        direct = minilm(ids, mask)
    torch.testing.assert_close(embeddings, direct, atol=1e-5, rtol=1e-4)
    assert len(maps) == 6
    for attention in maps:
        assert attention.shape == (2, 12, tokens, tokens)
        torch.testing.assert_close(attention.sum(-1), torch.ones(2, 12, tokens))
    # Padding of the short sentence gets no attention.
    padded = mask[0] == 0
    assert padded.any()
    assert float(maps[0][0][..., padded].abs().max()) < 1e-6


def test_long_input_is_truncated(minilm):
    long = "word " * 1000
    batch = minilm.tokenize([long])
    assert batch["input_ids"].shape == (1, MAX_TOKENS)
    assert minilm.encode([long]).shape == (1, 384)
    assert minilm.tokenize([long], max_length=16)["input_ids"].shape == (1, 16)


def test_registry_example_input_has_fixed_length(minilm):
    ids, mask = get_spec("minilm").example_input(minilm, 3)
    assert ids.shape == mask.shape == (3, PROFILE_TOKENS)
    with torch.no_grad():
        assert minilm(ids, mask).shape == (3, 384)


def test_chinese_is_mostly_unknown(minilm):
    tokens = minilm.tokenizer.tokenize("蟋蟀在夜里鸣叫，萤火虫闪烁。")
    assert "[UNK]" in tokens
    assert tokens.count("[UNK]") > len(tokens) / 2


def test_tokenizer_is_not_in_state_dict(minilm):
    assert not any("tokenizer" in key for key in minilm.state_dict())
