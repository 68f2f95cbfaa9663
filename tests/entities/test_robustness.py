"""Junk fed to every registered entity module must never make is_valid raise."""
import random

import pytest

from piguard import entities

JUNK = [None, "", " ", "€", "⑱", "x" * 1_000_000, "1" * 1_000_000, 0, 13800138000, -1, 3.14, b"abc", ["13800138000"],
        "\x00", "１３８", "**", "\u3000"]


def _modules():
    mods = []
    for name in entities.MODULES:
        try:
            mods.append(pytest.importorskip(f"piguard.entities.{name}"))
        except pytest.skip.Exception:
            continue
    return mods


MODULES = _modules()


@pytest.mark.parametrize("mod", MODULES, ids=lambda m: m.NAME)
@pytest.mark.parametrize("junk", JUNK, ids=lambda j: repr(j)[:12])
def test_is_valid_never_raises(mod, junk):
    assert mod.is_valid(junk) in (True, False)


@pytest.mark.parametrize("mod", MODULES, ids=lambda m: m.NAME)
@pytest.mark.parametrize("junk", JUNK, ids=lambda j: repr(j)[:12])
def test_compact_and_mask_raise_only_validation_errors(mod, junk):
    for fn in (mod.compact, mod.mask, mod.is_masked):
        try:
            fn(junk)
        except ValueError:
            pass


@pytest.mark.parametrize("mod", MODULES, ids=lambda m: m.NAME)
def test_surface(mod):
    assert mod.LEVEL in ("C1", "C2", "C3")
    assert isinstance(mod.SENSITIVE, bool)
    assert mod.HEADER_CUES and mod.LABEL_ZH
    if mod.PATTERN is not None:
        assert 0 < mod.BASE_SCORE <= 1
    assert mod.is_valid(mod.generate(random.Random(1)))
