"""The public API at the package root."""
import subprocess
import sys


def test_public_functions_survive_submodule_imports():
    # Importing piguard.trace.* / piguard.scan / piguard.detect.* first must
    # not hide the functions of the same names.
    code = (
        "import piguard.trace.accuse, piguard.scan, piguard.detect.engine\n"
        "import piguard, types\n"
        "assert callable(piguard.trace) and not isinstance(piguard.trace, types.ModuleType)\n"
        "assert callable(piguard.scan) and not isinstance(piguard.scan, types.ModuleType)\n"
        "assert [s.entity for s in piguard.detect('手机13800138000')] == ['PHONE_MOBILE']\n"
        "from piguard.trace import ledger\n"
        "assert ledger.__name__ == 'piguard.trace.ledger'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_every_export_resolves():
    import piguard

    for name in piguard.__all__:
        assert getattr(piguard, name) is not None, name


def test_unknown_attribute_is_attribute_error():
    import piguard

    try:
        piguard.no_such_thing
    except AttributeError as e:
        assert "no_such_thing" in str(e)
    else:
        raise AssertionError("expected AttributeError")
