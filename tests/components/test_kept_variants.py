"""Kept variants in the URL: exact round trips, strict parsing, labels, and cheap checks."""

from __future__ import annotations

import pytest

from components.distillation import DistillSettings
from components.errors import UserFacingError
from components.kept_variants import (
    MAX_KEPT,
    KeptVariant,
    check_variant,
    kept_parser,
    kept_text,
    variant_label,
)
from components.pruning import PruneSettings
from components.quantization import QuantSettings
from models.registry import REGISTRY, get_spec, load_model

parse = kept_parser(REGISTRY)

KEPT = (
    KeptVariant(
        "lenet", "prune", PruneSettings("l1_structured", 0.35, "layer", "pick", ("conv1", "fc1"))
    ),
    KeptVariant("tiny_vit", "quantize", QuantSettings("static_int8", False, 4, ("head",))),
    KeptVariant("lenet", "distill", DistillSettings(width=0.25, temperature=2.5, epochs=3)),
)


def test_round_trip_is_exact_and_writes_only_what_differs():
    text = kept_text(KEPT)
    assert text == (
        "lenet:prune:method=l1_structured,amount=0.35,layers=pick,picked=conv1|fc1;"
        "tiny_vit:quantize:method=static_int8,per_channel=0,calibration_batches=4,"
        "keep_fp32=head;"
        "lenet:distill:width=0.25,temperature=2.5,epochs=3"
    )
    assert parse(text) == KEPT
    assert kept_text(()) == "" and parse("") == ()
    assert parse("lenet:prune:") == (KeptVariant("lenet", "prune", PruneSettings()),)


def test_floats_come_back_bit_for_bit():
    """A recipe is a cache key: a slider's 0.6000000000000001 must not turn into 0.6."""
    amount = 0.1 * 6
    kept = (KeptVariant("lenet", "prune", PruneSettings(amount=amount)),)
    assert parse(kept_text(kept))[0].settings.amount == amount


def test_duplicates_collapse():
    assert len(parse(";".join(["lenet:prune:amount=0.1"] * 500))) == 1


@pytest.mark.parametrize(
    "raw",
    [
        "mystery:prune:",  # unknown model
        "lenet:zip:",  # unknown technique
        "lenet",
        "lenet:prune:amount=0.99",  # outside the slider's range
        "lenet:prune:amount=nan",
        "lenet:prune:amount",  # no value
        "lenet:prune:amount=0.1,amount=0.2",  # twice
        "lenet:prune:colour=red",  # unknown field
        "lenet:quantize:per_channel=yes",
        "lenet:quantize:method=fp8",
        "lenet:prune:picked=../etc",
        "lenet:distill:epochs=2.5",
        "lenet:prune:method=random_unstructured,seed=99999999999999999999999",  # over torch's
        "lenet:prune:seed=-1",
        "lenet:distill:seed=2147483648",  # one past SEED_RANGE
        "lenet:distill:seed=1e3",
        ";".join(f"lenet:prune:amount=0.{i}" for i in range(1, MAX_KEPT + 2)),
    ],
)
def test_bad_text_raises_value_error(raw):
    with pytest.raises(ValueError):
        parse(raw)


def test_labels_in_both_languages():
    assert variant_label("prune", PruneSettings(amount=0.6), "en") == (
        "L1 unstructured (smallest weights) 60%"
    )
    assert variant_label("distill", DistillSettings(width=0.25), "zh") == "学生 25% T=4 α=0.90"
    assert variant_label("quantize", QuantSettings("fp16"), "en")


def test_checks_name_what_the_model_lacks():
    lenet, spec = load_model("lenet"), get_spec("lenet")
    for variant in KEPT[::2]:
        check_variant(lenet, spec, variant)  # applies: no error
    cases = [
        (KeptVariant("lenet", "prune", PruneSettings(layers="pick", picked=("nope",))), "nope"),
        (KeptVariant("lenet", "quantize", QuantSettings(keep_fp32=("nope",))), "nope"),
    ]
    for variant, missing in cases:
        with pytest.raises(UserFacingError) as err:
            check_variant(lenet, spec, variant)
        assert missing in str(err.value.values)
    minilm = get_spec("minilm")
    with pytest.raises(UserFacingError) as err:
        check_variant(lenet, minilm, KeptVariant("minilm", "distill", DistillSettings()))
    assert err.value.key == "distill.error.unsupported"
