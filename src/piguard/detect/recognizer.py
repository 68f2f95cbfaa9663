"""The recogniser interface and registry.

A recogniser looks at a :class:`~piguard.detect.normalize.NormalizedText`
and returns spans in *normalised* offsets; the engine maps them back to the
caller's text, resolves overlaps and filters by score.

Recognisers are registered by name; ``default_recognizers()`` builds the
standard set: the rule-based one (every entity module that has a
``PATTERN``), the person-name model and the address grammar.
"""
from __future__ import annotations

import importlib
from functools import lru_cache
from typing import Protocol

from piguard.detect.normalize import NormalizedText
from piguard.detect.span import Span
from piguard.errors import UnknownName


class Recognizer(Protocol):
    name: str
    entities: tuple[str, ...]

    def find(self, nt: NormalizedText) -> list[Span]:  # pragma: no cover - protocol
        ...


# name -> "module:factory"; factories take no arguments.
REGISTRY: dict[str, str] = {
    "patterns": "piguard.detect.patterns:PatternRecognizer",
    "names": "piguard.detect.names:NameRecognizer",
    "addresses": "piguard.detect.addresses:AddressRecognizer",
}


def register(name: str, target: str) -> None:
    """Register a recogniser factory given as ``"module:attribute"``."""
    REGISTRY[name] = target
    load.cache_clear()
    default_recognizers.cache_clear()


@lru_cache(maxsize=None)
def load(name: str) -> Recognizer:
    if name not in REGISTRY:
        raise UnknownName("recognizer", name, REGISTRY)
    mod, attr = REGISTRY[name].split(":")
    return getattr(importlib.import_module(mod), attr)()


@lru_cache(maxsize=1)
def default_recognizers() -> tuple[Recognizer, ...]:
    return tuple(load(n) for n in REGISTRY)
