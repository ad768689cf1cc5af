"""Safe defaults in .streamlit/config.toml for a server that a class shares."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

CONFIG = Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml"


@pytest.fixture(scope="module")
def config() -> dict:
    with CONFIG.open("rb") as file:
        return tomllib.load(file)


def test_binds_to_localhost_by_default(config):
    assert config["server"]["address"] in ("localhost", "127.0.0.1")


def test_xsrf_protection_is_on(config):
    assert config["server"]["enableXsrfProtection"] is True


def test_error_details_are_hidden(config):
    assert config["client"]["showErrorDetails"] in ("none", "type", False)
    assert config["client"]["showErrorDetails"] != "full"


def test_uploads_are_modest(config):
    size = config["server"]["maxUploadSize"]  # MB
    assert isinstance(size, int) and 1 <= size <= 50


def test_no_file_watching_and_no_rerun_on_save(config):
    assert config["server"]["fileWatcherType"] == "none"
    assert config["server"]["runOnSave"] is False


def test_no_usage_statistics(config):
    assert config["browser"]["gatherUsageStats"] is False


def test_streamlit_accepts_every_option(config):
    from streamlit import config as st_config

    known = set(st_config._config_options_template)
    options = {f"{section}.{name}" for section, values in config.items() for name in values}
    assert options - known == set()
