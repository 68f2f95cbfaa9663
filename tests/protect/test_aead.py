"""Field encryption: AES-256-GCM and SM4-GCM round trips, and every way a
token can be tampered with is rejected."""
import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from piguard.errors import BadInput
from piguard.protect import aead
from piguard.protect.keys import Key

VALUES = ["13800138000", "张三丰", "", None, "a" * 500, "𠀀 emoji 😀"]


def key_for(k):
    return lambda kid: k


def test_sm4_is_the_real_sm4():
    # GB/T 32907-2016 Appendix A example 1.
    k = bytes.fromhex("0123456789abcdeffedcba9876543210")
    e = Cipher(algorithms.SM4(k), modes.ECB()).encryptor()
    assert (e.update(k) + e.finalize()).hex() == "681edf34d206965e86b3e94f536e4246"


@pytest.mark.parametrize("alg", ["aes-256-gcm", "sm4-gcm"])
def test_round_trip(key, alg):
    toks = aead.seal(key, VALUES, context="col", algorithm=alg)
    assert toks[2] == "" and toks[3] is None
    assert all(aead.is_token(t) for t in toks if t)
    assert all(key.kid in t for t in toks if t)
    assert aead.open_tokens(key_for(key), toks, context="col") == VALUES


@pytest.mark.parametrize("alg", ["aes-256-gcm", "sm4-gcm"])
def test_tampering_is_rejected(key, alg):
    tok = aead.seal(key, ["13800138000"], context="col", algorithm=alg)[0]
    head, body = tok.rsplit(".", 1)
    flipped = head + "." + ("A" if body[-5] != "A" else "B").join([body[:-5], body[-4:]])
    for bad in (flipped, head + "." + body[:-2]):
        with pytest.raises(BadInput, match="authentication|truncated|malformed"):
            aead.open_tokens(key_for(key), [bad], context="col")
    with pytest.raises(BadInput, match="authentication"):          # moved to another column
        aead.open_tokens(key_for(key), [tok], context="other")
    other = Key("k00000002", "x", 1, "active", bytes(32))
    relabelled = tok.replace(key.kid, other.kid)
    with pytest.raises(BadInput, match="authentication"):          # key id is bound in
        aead.open_tokens(key_for(key), [relabelled], context="col")
    with pytest.raises(BadInput, match="authentication"):          # wrong key
        aead.open_tokens(key_for(other), [tok], context="col")
    with pytest.raises(BadInput, match="not a piguard"):
        aead.open_tokens(key_for(key), ["13800138000"], context="col")


def test_random_and_deterministic_nonces(key):
    a, b = aead.seal(key, ["x", "x"])
    assert a != b
    c, d = aead.seal(key, ["x", "x"], deterministic=True)
    assert c == d and aead.open_tokens(key_for(key), [c]) == ["x"]
    s1, s2 = aead.seal(key, ["x", "x"], algorithm="sm4-gcm", deterministic=True)
    assert s1 == s2 and s1 != c


def test_error_messages_hold_no_plaintext(key):
    tok = aead.seal(key, ["13800138000"], context="c")[0]
    try:
        aead.open_tokens(key_for(key), [tok], context="d")
    except BadInput as e:
        assert "13800138000" not in str(e) and tok not in str(e)


def test_unknown_algorithm(key):
    with pytest.raises(BadInput, match="Did you mean 'sm4-gcm'"):
        aead.seal(key, ["x"], algorithm="sm4gcm")
