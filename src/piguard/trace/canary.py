"""Canary records: synthetic customers that look like the share's own.

A canary must pass every check a recipient (or a buyer) could run: a valid
ID number whose region and birth date fit the share (region prefix and birth
range taken from the share's own ID numbers), a mobile number with a prefix
in service, a realistic name of the gender the ID number says, an address in
one of the share's regions (the administrative prefix and street of a real
row of the share, with every house, building and room number redrawn), and
for every other column a value some real row of the share has, so that the
canary stays inside whatever filter selected the share. Values copy the
formatting of the column (``+86-``, dashes, spaces).

Every value comes from the entity modules (``generate``, ``compact``,
``is_valid``), never from a re-implementation here.

>>> restyle("+86-15901429021", "13812345678")
'+86-13812345678'
>>> restyle("176-1942-0749", "13812345678")
'138-1234-5678'
>>> restyle("", "13812345678")
'13812345678'
"""
from __future__ import annotations

import datetime as dt
import json
import random
import re
from dataclasses import dataclass, field

from piguard.detect.normalize import to_simplified
from piguard.entities import divisions
from piguard.trace.match import FIELDS, Rows

# Canaries are at most this share of a share's rows.
MAX_SHARE = 0.02


def count(n_real: int) -> int:
    """Canaries for a share of ``n_real`` real rows, at most 2% of the total.

    >>> count(48), count(49), count(2000), count(50000)
    (0, 1, 40, 1020)
    """
    return int(n_real * MAX_SHARE / (1 - MAX_SHARE) + 1e-9)


def restyle(template, value: str) -> str:
    """``value`` written the way ``template`` writes its column's values: the
    template's last characters that are ASCII letters or digits are replaced
    one for one, keeping separators and a leading ``+86``/``86``/``0086``."""
    t = "" if template is None else str(template)
    slots = [i for i, ch in enumerate(t) if ch.isascii() and ch.isalnum()]
    if not t or len(slots) < len(value):
        return value
    head = "".join(t[i] for i in slots[:len(slots) - len(value)])
    if head not in ("", "86", "0086"):
        return value
    out = list(t)
    for i, ch in zip(slots[len(slots) - len(value):], value):
        out[i] = ch
    return "".join(out)


@dataclass
class Profile:
    """What the share's rows look like, for canaries that fit in."""

    provinces: set = field(default_factory=set)   # 2-digit codes
    id_prefixes: list = field(default_factory=list)
    birth: tuple | None = None                     # (earliest, latest) date
    addresses: list = field(default_factory=list)  # (raw address, province) of the share

    def fits(self, province: str | None, birth_year: int | None) -> bool:
        """Whether a pool canary with this region and birth year belongs here."""
        if self.provinces and province not in self.provinces:
            return False
        if self.birth and birth_year is not None and not (self.birth[0].year <= birth_year <= self.birth[1].year):
            return False
        return True


def profile(rows: Rows) -> Profile:
    from piguard.entities import get

    ric = get("CN_RESIDENT_ID")
    prof = Profile()
    dates = []
    for f, addrs in zip(rows.fields, rows.addresses):
        for v in f.get("id", [])[:1]:
            prof.id_prefixes.append(v[:6])
            prof.provinces.add(v[:2])
            try:
                dates.append(ric.birth_date(v))
            except Exception:
                pass
        for a in addrs[:1]:
            code = _province(a)
            prof.addresses.append((a, code))
            if code and "id" not in f:
                prof.provinces.add(code)
    if dates:
        lo, hi = min(dates), max(dates)
        if (hi - lo).days < 365:
            hi = lo + dt.timedelta(days=365)
        prof.birth = (lo, min(hi, dt.date.today() - dt.timedelta(days=1)))
    return prof


def _province(address: str) -> str | None:
    divs = divisions.read_prefix(to_simplified(address))
    return divs[0].code[:2] if divs else None


def _address(rng: random.Random, prof: Profile, province: str | None) -> str | None:
    """A real row's region and street with every number redrawn."""
    pool = [a for a, code in prof.addresses if province is None or code == province]
    pool = pool or [a for a, _ in prof.addresses]
    if not pool:
        return None
    base = rng.choice(pool)
    divs = divisions.read_prefix(to_simplified(base))
    cut = divs[-1].end if divs else 0

    def redraw(m: re.Match) -> str:
        n = len(m.group(0))
        first = str(rng.randrange(1, 10))
        return first + "".join(str(rng.randrange(10)) for _ in range(n - 1))

    return base[:cut] + re.sub(r"\d+", redraw, base[cut:])


def _resident_id(rng: random.Random, prof: Profile, province: str | None) -> str:
    from stdnum.cn import ric as stdnum_ric

    from piguard.entities import get

    mod = get("CN_RESIDENT_ID")
    prefixes = [p for p in prof.id_prefixes if province is None or p[:2] == province] or prof.id_prefixes
    for _ in range(50):
        if not prefixes or not prof.birth:
            v = mod.generate(rng)
            if not prefixes:
                return v
            prefix = rng.choice(prefixes)
            body = prefix + v[6:17]
        else:
            lo, hi = prof.birth
            day = lo + dt.timedelta(days=rng.randrange(max(1, (hi - lo).days + 1)))
            body = f"{rng.choice(prefixes)}{day:%Y%m%d}{rng.randrange(1000):03d}"
        number = body + stdnum_ric.calc_check_digit(body + "0")
        if mod.is_valid(number):
            return number
    return mod.generate(rng)


def identity(rng: random.Random, prof: Profile) -> dict:
    """A synthetic customer fitting ``prof``: every identity field filled."""
    from piguard.entities import get

    province = rng.choice(sorted(prof.provinces)) if prof.provinces else None
    rid = _resident_id(rng, prof, province)
    ric = get("CN_RESIDENT_ID")
    gender = ric.gender(rid)
    rec = {
        "name": _name(rng, "m" if gender == "M" else "f"),
        "phone": get("PHONE_MOBILE").generate(rng),
        "id": rid,
        "card": get("BANK_CARD").generate(rng),
        "email": get("EMAIL").generate(rng),
        "address": _address(rng, prof, rid[:2]) or _address(rng, prof, None),
        "birth": ric.birth_date(rid).isoformat(),
    }
    if not rec["address"]:
        try:
            rec["address"] = get("ADDRESS").generate(rng)
        except Exception:
            rec["address"] = None
    return rec


def _name(rng: random.Random, gender: str) -> str:
    """The rarest of ``rarity.NAME_DRAWS`` realistic names of this gender.

    A rarer name makes a hit on the canary stronger evidence (trace bounds
    the chance of a chance collision by ``NAME_DRAWS`` times the generator's
    probability of the name, see ``piguard.trace.rarity``); every candidate
    is an ordinary generated name, so the canary still looks real.
    """
    from piguard.entities import get
    from piguard.trace import rarity

    gen = get("PERSON_NAME").generate
    names = [gen(rng, gender=gender) for _ in range(rarity.NAME_DRAWS)]
    return min(names, key=rarity.generator_prob)


def province_of(rec: dict) -> str | None:
    return rec["id"][:2] if rec.get("id") else (_province(rec["address"]) if rec.get("address") else None)


def birth_year(rec: dict) -> int | None:
    return int(rec["birth"][:4]) if rec.get("birth") else None


def row(rng: random.Random, rec: dict, table_rows: list[dict], columns) -> dict:
    """A full row of the share's table for canary ``rec``: identity columns
    from the record (the first column of each identity entity; further ones,
    such as an emergency contact's phone, get fresh synthetic values), every
    other column from a real row of the share, formatted like it."""
    from piguard.entities import get

    seen: set = set()
    out = {}
    for name, ent in columns:
        template = rng.choice(table_rows).get(name) if table_rows else None
        fld = _field(ent)
        if fld and fld not in seen and rec.get(fld):
            seen.add(fld)
            value = rec[fld] if fld == "address" else restyle(template, rec[fld])
        elif ent == "BIRTH_DATE" and template:
            digits = rec["birth"].replace("-", "")
            value = restyle(template, digits) if sum(c.isdigit() for c in str(template)) == 8 else rec["birth"]
        elif ent and template:
            try:
                value = restyle(template, get(ent).generate(rng))
            except Exception:
                value = template
        else:
            value = template
        out[name] = value
    return out


def _field(ent) -> str | None:
    for f, e in FIELDS.items():
        if e == ent:
            return f
    return None


def dumps(rec: dict) -> str:
    return json.dumps(rec, ensure_ascii=False, sort_keys=True)
