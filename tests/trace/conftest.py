"""Fixtures for share/trace tests: a private project home, synthetic customers."""
from __future__ import annotations

import pytest

from trace_helpers import customer_table


@pytest.fixture()
def home(tmp_path, monkeypatch):
    """A fresh PIGUARD_HOME (database and keys) for one test."""
    from piguard import store

    monkeypatch.setenv("PIGUARD_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("PIGUARD_KEY", "trace tests master key 0123456789")
    monkeypatch.delenv("PIGUARD_DB", raising=False)
    store.reset_engines()
    yield tmp_path
    store.reset_engines()


@pytest.fixture(scope="session")
def base_table():
    """1,500 synthetic customers shared by the module tests."""
    return customer_table(1500, seed=11)
