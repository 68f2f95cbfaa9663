"""piguard: find, protect, share and trace Chinese personal information.

>>> import piguard
>>> [(s.entity, s.text) for s in piguard.detect("请联系王小明，手机13800138000")]
[('PERSON_NAME', '王小明'), ('PHONE_MOBILE', '13800138000')]

The public API is exported here and loaded on first use, so that importing
the package (and starting the CLI) stays fast.
"""
from __future__ import annotations

import importlib

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
    "entities": "piguard.entities",
    # errors
    "PiguardError": "piguard.errors:PiguardError",
    "BadInput": "piguard.errors:BadInput",
    "ValidationError": "piguard.errors:ValidationError",
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


def __dir__():
    return sorted(list(globals()) + list(_EXPORTS))


__all__ = list(_EXPORTS)
