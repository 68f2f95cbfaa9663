import pytest

from piguard import store


@pytest.fixture(autouse=True)
def piguard_home(tmp_path, monkeypatch):
    """Each test gets its own state folder, key store and master key."""
    home = tmp_path / "home"
    monkeypatch.setenv("PIGUARD_HOME", str(home))
    monkeypatch.delenv("PIGUARD_DB", raising=False)
    monkeypatch.setenv("PIGUARD_KEY", "test master key, not a real secret")
    store.reset_engines()
    yield home
    store.reset_engines()


@pytest.fixture
def key():
    from piguard.protect.keys import Key

    return Key("k00000001", "test", 1, "active", bytes(range(32)))
