"""Every docstring example in the package runs and gives the result it shows."""
import doctest
import importlib
import pkgutil

import pytest

import piguard

# Modules that need a live service or are run as scripts, not imported.
SKIP = ("piguard.migrations",)

MODULES = sorted(
    m.name for m in pkgutil.walk_packages(piguard.__path__, "piguard.")
    if not m.name.startswith(SKIP)
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name, tmp_path, monkeypatch):
    monkeypatch.setenv("PIGUARD_HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
