"""The key store: wrapping, rotation, the master key file, no secrets out."""
import os
import stat

import pytest
from sqlalchemy import select

from piguard import store
from piguard.errors import BadInput
from piguard.protect import aead, keys
from piguard.protect.keystore import DataKey


def test_create_list_rotate():
    a = keys.create_key("crm")
    assert (a.name, a.version, a.state) == ("crm", 1, "active")
    with pytest.raises(BadInput, match="already exists"):
        keys.create_key("crm")
    b = keys.rotate_key("crm")
    assert b.version == 2 and b.kid != a.kid
    listed = {k.kid: k for k in keys.list_keys()}
    assert listed[a.kid].state == "retired" and listed[b.kid].state == "active"
    assert keys.active_key("crm").kid == b.kid
    with pytest.raises(BadInput, match="no key named"):
        keys.rotate_key("nope")
    with pytest.raises(BadInput, match="bad key name"):
        keys.create_key("has space")


def test_rotation_never_strands_data():
    old = keys.active_key("default")
    tok = aead.seal(old, ["13800138000"], context="c")[0]
    keys.rotate_key("default")
    new = keys.active_key("default")
    assert new.kid != old.kid
    assert aead.open_tokens(keys.get_key, [tok], context="c") == ["13800138000"]


def test_keys_are_stored_wrapped_and_never_shown():
    k = keys.active_key("default")
    secret = k.derive("ff1")
    with store.session() as s:
        row = s.scalars(select(DataKey)).one()
    assert k._secret not in row.wrapped
    for text in (repr(k), str(k), repr(row), str(keys.list_keys()), str(keys.events())):
        assert k._secret.hex() not in text and secret.hex() not in text
    with pytest.raises(TypeError):
        import pickle
        pickle.dumps(k)


def test_master_key_file_created_0600(monkeypatch, piguard_home):
    monkeypatch.delenv("PIGUARD_KEY")
    k = keys.active_key("default")
    path = piguard_home / keys.MASTER_FILE
    assert path.exists()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert keys.get_key(k.kid).derive("x") == k.derive("x")


def test_wrong_master_key_is_a_clear_error(monkeypatch):
    k = keys.active_key("default")
    monkeypatch.setenv("PIGUARD_KEY", "another master key entirely!!")
    with pytest.raises(BadInput, match="another master key"):
        keys.get_key(k.kid)


def test_short_master_key_refused(monkeypatch):
    monkeypatch.setenv("PIGUARD_KEY", "short")
    with pytest.raises(BadInput, match="too short"):
        keys.active_key("default")


def test_unknown_kid():
    with pytest.raises(BadInput, match="unknown key id"):
        keys.get_key("kdeadbeef")


def test_events_record_purpose():
    k = keys.active_key("default")
    keys.record_event(k.kid, "unmask", purpose="complaint 42", detail="x.csv")
    ev = keys.events(k.kid)
    assert [e["action"] for e in ev] == ["create", "unmask"]
    assert ev[-1]["purpose"] == "complaint 42"
