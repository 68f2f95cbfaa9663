"""Rebuild ``data/mobile_prefixes.tsv`` and ``data/area_codes.tsv``.

Source: Google's libphonenumber metadata as shipped by the ``phonenumbers``
package (``pip install phonenumbers==9.0.43``; only this script needs it).
libphonenumber follows the MIIT numbering plan (电信网编号计划) and is
updated several times a year.

- Mobile: every 4-digit prefix ``1xyz`` for which libphonenumber accepts
  some 11-digit number as a Chinese mobile number, with the carrier that its
  carrier data names (empty when it names none). ``EXTRA_MOBILE`` adds
  prefixes in service that libphonenumber leaves out, each with its reason.
- Landline: every area code (without the trunk ``0``) for which
  libphonenumber accepts a 7- or 8-digit local number as a fixed line, with
  the place its geocoding data names.

Run: ``python -m piguard.entities.update.phone_data``.
"""
from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"

# 149: China Telecom data-only SIMs, 11 digits (MIIT allocation of 2017);
# libphonenumber's mobile pattern omits it but such numbers receive SMS.
EXTRA_MOBILE = {f"149{d}": "中国电信" for d in "0123456789"}


def _carrier(prefix: str) -> str:
    from phonenumbers.carrierdata import CARRIER_DATA

    for n in range(len(prefix) + 2, 1, -1):
        hit = CARRIER_DATA.get("86" + prefix[:n])
        if hit:
            return hit.get("zh", hit.get("en", ""))
    return ""


def mobile_prefixes() -> dict[str, str]:
    import phonenumbers as pn

    out = {}
    for p in range(1300, 2000):
        prefix = str(p)
        for tail in ("0000000", "5555555", "1234567", "9876543"):
            num = pn.parse("+86" + prefix + tail)
            if pn.is_valid_number(num) and pn.number_type(num) == pn.PhoneNumberType.MOBILE:
                out[prefix] = _carrier(prefix + tail)
                break
    for prefix, carrier in EXTRA_MOBILE.items():
        out.setdefault(prefix, carrier)
    return dict(sorted(out.items()))


def area_codes() -> dict[str, str]:
    import phonenumbers as pn
    from phonenumbers.geodata import GEOCODE_DATA

    fixed = (pn.PhoneNumberType.FIXED_LINE, pn.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    codes = ["10"] + [f"2{i}" for i in range(10)] + [str(i) for i in range(300, 1000)]
    out = {}
    for code in codes:
        for first in "2345678":
            for local in (first + "234567", first + "2345678"):
                num = pn.parse("+86" + code + local)
                if pn.is_valid_number(num) and pn.number_type(num) in fixed:
                    place = ""
                    for n in range(len(code), 1, -1):
                        hit = GEOCODE_DATA.get("86" + code[:n])
                        if hit:
                            place = hit.get("zh", hit.get("en", ""))
                            break
                    out[code] = place
                    break
            if code in out:
                break
    return out


def _write(name: str, rows: dict[str, str], what: str) -> None:
    import phonenumbers

    path = DATA / name
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"# {what}\n# source: libphonenumber metadata via phonenumbers "
                f"{phonenumbers.__version__}; rebuild with "
                "python -m piguard.entities.update.phone_data\n")
        for k, v in rows.items():
            f.write(f"{k}\t{v}\n")
    print(f"{len(rows)} rows -> {path}")


def main() -> None:
    _write("mobile_prefixes.tsv", mobile_prefixes(), "mainland mobile prefixes in service (4 digits)\tcarrier")
    _write("area_codes.tsv", area_codes(), "mainland area codes without the trunk 0\tplace")


if __name__ == "__main__":
    main()
