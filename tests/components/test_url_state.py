"""Parsing the view state in the query string: defaults, bad values, unknown keys, round trip."""

from __future__ import annotations

import pytest

from components.url_state import (
    UrlParam,
    UrlProblem,
    bounded_float,
    bounded_int,
    choice,
    read_params,
    write_params,
)

PARAMS = [
    UrlParam("model", "lenet", choice(["lenet", "tiny_vit", "minilm"])),
    UrlParam("seed", 0, bounded_int(0, 9999)),
    UrlParam("amount", 0.5, bounded_float(0.0, 0.95)),
]


def test_defaults_when_absent():
    values, problems = read_params({}, PARAMS)
    assert values == {"model": "lenet", "seed": 0, "amount": 0.5}
    assert problems == []


def test_valid_values_are_parsed():
    values, problems = read_params({"model": "minilm", "seed": "42", "amount": "0.7"}, PARAMS)
    assert values == {"model": "minilm", "seed": 42, "amount": 0.7}
    assert problems == []


def test_bad_value_falls_back_with_a_problem():
    values, problems = read_params({"model": "resnet", "seed": "12"}, PARAMS)
    assert values == {"model": "lenet", "seed": 12, "amount": 0.5}
    assert problems == [
        UrlProblem("url.bad_value", {"key": "model", "value": "resnet", "default": "lenet"})
    ]


def test_every_bad_value_is_reported():
    values, problems = read_params({"seed": "-1", "amount": "nan"}, PARAMS)
    assert values == {"model": "lenet", "seed": 0, "amount": 0.5}
    assert [(p.message, p.values["key"], p.values["default"]) for p in problems] == [
        ("url.bad_value", "seed", "0"),
        ("url.bad_value", "amount", "0.5"),
    ]


def test_unknown_keys_are_reported():
    values, problems = read_params({"model": "tiny_vit", "foo": "1", "bar": ""}, PARAMS)
    assert values["model"] == "tiny_vit"
    assert problems == [
        UrlProblem("url.unknown_param", {"key": "foo"}),
        UrlProblem("url.unknown_param", {"key": "bar"}),
    ]


def test_known_keys_of_other_pages_are_not_unknown():
    _, problems = read_params(
        {"amount": "0.1", "temperature": "4"}, PARAMS[:1], {"amount", "temperature", "model"}
    )
    assert problems == []


@pytest.mark.parametrize("raw", ["-1", "10000", "abc", "1.5", "", "1e3", "9" * 400])
def test_bounded_int_rejects(raw):
    with pytest.raises(ValueError):
        bounded_int(0, 9999)(raw)


@pytest.mark.parametrize(("raw", "value"), [("0", 0), ("9999", 9999), ("17", 17)])
def test_bounded_int_accepts(raw, value):
    assert bounded_int(0, 9999)(raw) == value


@pytest.mark.parametrize("raw", ["nan", "NaN", "inf", "-inf", "1e309", "0.96", "-0.01", "x"])
def test_bounded_float_rejects(raw):
    with pytest.raises(ValueError):
        bounded_float(0.0, 0.95)(raw)


def test_bounded_float_accepts_bounds():
    parse = bounded_float(0.0, 0.95)
    assert parse("0") == 0.0
    assert parse("0.95") == 0.95
    assert parse("0.3") == 0.3


def test_choice():
    parse = choice(["en", "zh"])
    assert parse("zh") == "zh"
    with pytest.raises(ValueError):
        parse("fr")


def test_write_then_read_round_trips():
    values = {"model": "tiny_vit", "seed": 1234, "amount": 0.35}
    query = write_params(values, PARAMS)
    assert query == {"model": "tiny_vit", "seed": "1234", "amount": "0.35"}
    assert all(isinstance(v, str) for v in query.values())
    read, problems = read_params(query, PARAMS)
    assert read == values
    assert problems == []


def test_write_skips_absent_values():
    assert write_params({"seed": 3}, PARAMS) == {"seed": "3"}


def test_long_values_are_truncated_in_the_problem():
    raw = "x" * 500
    values, problems = read_params({"model": raw}, PARAMS)
    assert values["model"] == "lenet"
    assert problems[0].values["value"] == "x" * 40
