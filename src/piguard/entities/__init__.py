"""Entity types: one module per type, and a registry over them.

Every module offers the same small surface (see ``entities/base.py``):
``compact``, ``validate``, ``is_valid``, ``format``, ``mask``, ``generate``,
and the constants that detection and reporting read (``NAME``, ``LABEL_ZH``,
``LEVEL``, ``SENSITIVE``, ``HEADER_CUES``...).

>>> get("PHONE_MOBILE").NAME
'PHONE_MOBILE'
>>> get("phone_mobil")
Traceback (most recent call last):
...
piguard.errors.UnknownName: unknown entity 'phone_mobil'. Did you mean 'PHONE_MOBILE'?
"""
from __future__ import annotations

import importlib
from functools import lru_cache
from types import ModuleType

from piguard.errors import UnknownName

# Module names, in the order of shared/spec/entities.md.
MODULES = (
    "person_name", "cn_resident_id", "phone_mobile", "phone_landline", "email",
    "address", "bank_card", "license_plate", "vin", "passport_cn",
    "travel_permit", "qq_number", "wechat_id", "ip_address", "device_id",
    "birth_date",
)


@lru_cache(maxsize=1)
def _registry() -> dict[str, ModuleType]:
    reg = {}
    for m in MODULES:
        mod = importlib.import_module(f"piguard.entities.{m}")
        reg[mod.NAME] = mod
    return reg


def names() -> list[str]:
    """The canonical entity names, in spec order."""
    return list(_registry())


def all_entities() -> list[ModuleType]:
    return list(_registry().values())


def get(name: str) -> ModuleType:
    """The module of entity ``name`` (case-insensitive)."""
    reg = _registry()
    mod = reg.get(name.upper())
    if mod is None:
        raise UnknownName("entity", name, reg)
    return mod
