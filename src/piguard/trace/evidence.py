"""The evidence report: one self-contained, printable HTML page.

It states the leak (file, hash, rows read), the verdict and every candidate
share with its statistics in plain words, and the record counts against the
50 / 500 / 5,000 thresholds of the 2017 SPC/SPP interpretation on crimes
infringing citizens' personal information (Art. 5): 50 records of location,
communication content, credit or property information; 500 of
accommodation, communication records, health or transaction information;
5,000 of other personal information. Which tier applies is for counsel; the
report only counts.

>>> html = render_leak({"rows": 3, "verdict": None, "candidates": []},
...                    {"evidence": [], "field_counts": {"phone": 3}, "columns": []}, leaked="x.csv")
>>> "<!DOCTYPE html>" in html and "No share reached" in html
True
"""
from __future__ import annotations

import datetime as dt
import hashlib
from html import escape
from pathlib import Path

_CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",Arial,sans-serif;margin:2em;color:#111;max-width:60em}
h1{font-size:1.5em;border-bottom:2px solid #333}h2{font-size:1.15em;margin-top:1.6em}
table{border-collapse:collapse;width:100%;margin:.5em 0}td,th{border:1px solid #999;padding:.3em .5em;
text-align:left;vertical-align:top;font-size:.92em}th{background:#eee}.verdict{padding:.8em;border:2px solid #333}
.small{color:#555;font-size:.85em}@media print{body{margin:1cm}a{color:#000}}
"""

_METHOD = (
    "Every recipient's copy was fingerprinted when it was shared: synthetic customers (canaries) "
    "that exist only in that copy or in a random group of copies, and equivalent ways of writing "
    "addresses chosen by a secret code. For each recorded share we ask: how likely is it that a file "
    "like this one was made <em>without</em> that share's copy? The chance is computed exactly from "
    "the secret random choices, multiplied by the number of shares examined, and reported as the "
    "p-value. A share is named only when that chance is below the threshold alpha. Customers that "
    "several shares contain are listed as rows covered but never count as proof."
)


def _doc(title: str, body: str) -> str:
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return (f"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{escape(title)}</title>"
            f"<style>{_CSS}</style></head><body><h1>{escape(title)}</h1>"
            f"<p class=\"small\">Generated {now} by piguard.</p>{body}</body></html>")


def _p(p: float) -> str:
    return "below 1e-300" if p <= 1e-300 else f"{p:.3g}"


def _thresholds(counts: dict, matched: int) -> str:
    ident = max([counts.get(k, 0) for k in ("name", "phone", "id", "email", "address")] + [0])
    tiers = [
        ("50", "location, communication content, credit or property information (bank cards)", counts.get("card", 0)),
        ("500", "accommodation, communication records, health or transaction information",
         None),
        ("5,000", "other personal information (names, phones, ID numbers, addresses, e-mail)", ident),
    ]
    rows = []
    for t, what, n in tiers:
        limit = int(t.replace(",", ""))
        if n is None:
            rows.append(f"<tr><td>{t}</td><td>{escape(what)}</td><td>not determined from the columns</td><td>—</td></tr>")
        else:
            rows.append(f"<tr><td>{t}</td><td>{escape(what)}</td><td>{n:,}</td>"
                        f"<td>{'reached' if n >= limit else 'not reached'}</td></tr>")
    return ("<table><tr><th>threshold</th><th>kind of information</th><th>records in the leak</th><th></th></tr>"
            + "".join(rows) + f"</table><p>{matched:,} leaked rows were matched to customers in the ledger.</p>")


def render_leak(result: dict, details: dict, *, leaked=None, alpha: float = 1e-6) -> str:
    parts = []
    name = Path(leaked).name if leaked else "(rows given directly)"
    digest = ""
    if leaked and Path(leaked).is_file():
        digest = hashlib.sha256(Path(leaked).read_bytes()).hexdigest()
    parts.append("<h2>The leak</h2><table>"
                 f"<tr><th>file</th><td>{escape(name)}</td></tr>"
                 f"<tr><th>SHA-256</th><td>{escape(digest or '—')}</td></tr>"
                 f"<tr><th>rows read</th><td>{result['rows']:,}</td></tr>"
                 "<tr><th>columns recognised</th><td>"
                 + escape(", ".join(f"{n} ({e})" for n, e in details.get("columns", []) if e) or "—")
                 + "</td></tr></table>")
    v = result.get("verdict")
    if v:
        parts.append(f"<div class=\"verdict\"><b>Verdict:</b> the leak comes from the copy shared with "
                     f"<b>{escape(v['recipient'])}</b> (share {escape(v['share_id'])}). The chance that a file "
                     f"like this was made without that copy is {_p(v['p_value'])}, below the threshold "
                     f"alpha = {alpha:g}.</div>")
    else:
        parts.append(f"<div class=\"verdict\"><b>No share reached the threshold</b> alpha = {alpha:g}: "
                     "the evidence does not name any recipient.</div>")
    parts.append(f"<h2>How to read this</h2><p>{_METHOD}</p>")
    evs = {e.share_id: e for e in details.get("evidence", [])}
    if result.get("candidates"):
        parts.append("<h2>Candidates</h2><table><tr><th>recipient</th><th>share</th><th>shared on</th>"
                     "<th>p-value</th><th>rows covered</th><th>evidence</th></tr>")
        for c in result["candidates"]:
            e = evs.get(c["share_id"])
            when = escape(e.created_at[:19]) if e else ""
            purpose = f"<br><span class=\"small\">{escape(e.purpose)}</span>" if e and e.purpose else ""
            items = "".join(f"<li>{escape(x)}</li>" for x in c["evidence"])
            parts.append(f"<tr><td>{escape(c['recipient'])}{purpose}</td><td>{escape(c['share_id'])}</td>"
                         f"<td>{when}</td><td>{_p(c['p_value'])}</td><td>{c['matched_rows']:,}</td>"
                         f"<td><ul>{items}</ul></td></tr>")
        parts.append("</table>")
    matched = max([c["matched_rows"] for c in result.get("candidates", [])] + [0])
    parts.append("<h2>Record counts</h2>" + _thresholds(details.get("field_counts", {}), matched))
    return _doc("Leak investigation: evidence report", "".join(parts))


def render_complaints(result: dict, details: dict, *, complaints=None, access_log=None) -> str:
    parts = [f"<h2>The complaints</h2><p>{result['rows']:,} complaining customers "
             f"({escape(Path(complaints).name) if complaints else ''}); access log "
             f"{escape(Path(access_log).name) if access_log else ''}; "
             f"{details.get('actors_tested', 0):,} actors examined.</p>"]
    v = result.get("verdict")
    if v:
        parts.append(f"<div class=\"verdict\"><b>Verdict:</b> the access of <b>{escape(v['actor'])}</b> explains the "
                     f"complaints; the chance of so many matches from that actor's ordinary work is {_p(v['p_value'])}.</div>")
    else:
        parts.append("<div class=\"verdict\"><b>No actor reached the threshold.</b></div>")
    parts.append("<h2>How to read this</h2><p>For each actor we count the complaining customers they accessed "
                 "before the complaint, and compare it with what their own access pattern would give over the "
                 "branches those customers belong to: staff who serve a branch are expected to have seen its "
                 "customers, inspectors a random few. The chance is multiplied by the number of actors examined.</p>")
    if result.get("candidates"):
        parts.append("<table><tr><th>actor</th><th>p-value</th><th>customers matched</th><th>evidence</th></tr>")
        for c in result["candidates"]:
            items = "".join(f"<li>{escape(x)}</li>" for x in c["evidence"])
            parts.append(f"<tr><td>{escape(c['actor'])}</td><td>{_p(c['p_value'])}</td>"
                         f"<td>{c['matched_rows']:,}</td><td><ul>{items}</ul></td></tr>")
        parts.append("</table>")
    return _doc("Complaints investigation: evidence report", "".join(parts))


def _write(path, text: str) -> None:
    from piguard.io.atomic import atomic_write

    with atomic_write(path, "w", encoding="utf-8") as f:
        f.write(text)


def write_report(path, result: dict, details: dict, *, leaked=None, alpha: float = 1e-6) -> None:
    _write(path, render_leak(result, details, leaked=leaked, alpha=alpha))


def write_complaints_report(path, result: dict, details: dict, *, complaints=None, access_log=None) -> None:
    _write(path, render_complaints(result, details, complaints=complaints, access_log=access_log))
