"""piguard: find, protect, share and trace Chinese personal information.

>>> import piguard
>>> [(s.entity, s.text) for s in piguard.detect("请联系王小明，手机13800138000")]
[('PERSON_NAME', '王小明'), ('PHONE_MOBILE', '13800138000')]

The public API is exported here and loaded on first use, so that importing
the package (and starting the CLI) stays fast.
"""
from __future__ import annotations

import importlib
import sys
import types

__version__ = "0.1.0"

_EXPORTS = {
    # detection
    "detect": "piguard.detect.engine:detect",
    "detect_many": "piguard.detect.engine:detect_many",
    "Span": "piguard.detect.span:Span",
    "normalize": "piguard.detect.normalize:normalize",
    "scan": "piguard.scan:scan",
    "TableReport": "piguard.scan:TableReport",
    "ColumnReport": "piguard.scan:ColumnReport",
    "scan_db": "piguard.scan:scan_db",
    "entities": "piguard.entities",
    # protection
    "mask": "piguard.protect.api:mask",
    "unmask": "piguard.protect.api:unmask",
    "mask_table": "piguard.protect.api:mask_table",
    "unmask_table": "piguard.protect.api:unmask_table",
    "mask_text": "piguard.protect.text:mask_text",
    "unmask_text": "piguard.protect.text:unmask_text",
    "keys": "piguard.protect.keys",
    # reading and writing
    "read_table": "piguard.io.tables:read_table",
    "write_table": "piguard.io.tables:write_table",
    "iter_batches": "piguard.io.tables:iter_batches",
    "read_texts": "piguard.io.text:read_texts",
    "Source": "piguard.io.source:Source",
    # errors
    "PiguardError": "piguard.errors:PiguardError",
    "BadInput": "piguard.errors:BadInput",
    "ValidationError": "piguard.errors:ValidationError",
    # share and trace
    "share": "piguard.trace.share:share",
    "trace": "piguard.trace.accuse:trace",
    "trace_complaints": "piguard.trace.complaints:trace_complaints",
}


def __getattr__(name: str):
    target = _EXPORTS.get(name)
    if target is None:
        raise AttributeError(f"module 'piguard' has no attribute {name!r}")
    mod, _, attr = target.partition(":")
    value = importlib.import_module(mod)
    if attr:
        value = getattr(value, attr)
    globals()[name] = value
    return value


class _Package(types.ModuleType):
    """``detect``, ``scan`` and ``trace`` name both a public function and a
    module of this package. Importing such a module makes Python bind it on
    the package, which would hide the function; the package keeps the
    function under the public name instead. The modules stay importable as
    usual (``from piguard.trace import ledger``)."""

    def __setattr__(self, name: str, value) -> None:
        if isinstance(value, types.ModuleType) and ":" in _EXPORTS.get(name, ""):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __dir__():
    return sorted(list(globals()) + list(_EXPORTS))


__all__ = list(_EXPORTS)
