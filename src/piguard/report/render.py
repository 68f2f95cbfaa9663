"""Render scan reports: JSON (the contract), JSON Lines, a terminal table, HTML.

>>> from piguard.scan import ColumnReport, TableReport
>>> r = TableReport("a.csv", 2, [ColumnReport("tel", "PHONE_MOBILE", 0.96, "C2", 2, 2)])
>>> json.loads(render([r], "jsonl"))["columns"][0]["entity"]
'PHONE_MOBILE'
>>> render([r], "json", many=False).startswith("{")
True
"""
from __future__ import annotations

import datetime as _dt
import json
from functools import lru_cache
from typing import Sequence

from piguard.errors import UnknownName

FORMATS = ("json", "jsonl", "table", "html")


def _dump(obj, indent=None) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=indent, default=str)


def render(reports: Sequence, fmt: str, *, many: bool | None = None) -> str:
    """The text of ``reports`` in ``fmt``.

    For ``json``, a single report is one object unless ``many`` is true (the
    CLI passes ``many`` when it was given several paths or a folder).
    """
    if fmt not in FORMATS:
        raise UnknownName("format", fmt, FORMATS)
    reports = list(reports)
    if many is None:
        many = len(reports) != 1
    if fmt == "json":
        body = [r.to_dict() for r in reports] if many else reports[0].to_dict()
        return _dump(body, indent=2) + "\n"
    if fmt == "jsonl":
        return "".join(_dump(r.to_dict()) + "\n" for r in reports)
    if fmt == "html":
        return render_html(reports)
    return render_table_text(reports)


def render_table_text(reports: Sequence, width: int = 160) -> str:
    """The rich table as plain text (for ``--out`` with ``--format table``)."""
    from rich.console import Console

    console = Console(width=width, record=True, file=_NullFile(), color_system=None)
    print_tables(reports, console)
    return console.export_text()


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(str(text))


class _NullFile:
    def write(self, _):
        return 0

    def flush(self):
        pass


def print_tables(reports: Sequence, console) -> None:
    """One rich table per report, with the threshold verdict under it."""
    from rich.table import Table

    for r in reports:
        t = Table(title=f"{r.path}  ({r.rows:,} rows)", title_justify="left")
        t.add_column("column", overflow="fold", min_width=10)
        t.add_column("entity 类型", no_wrap=True, overflow="ellipsis")
        t.add_column("level", justify="center", no_wrap=True)
        t.add_column("matched", justify="right", no_wrap=True)
        t.add_column("rate", justify="right", no_wrap=True)
        t.add_column("score", justify="right", no_wrap=True)
        t.add_column("examples (masked) / why not", overflow="ellipsis", no_wrap=True, max_width=28)
        for c in r.columns:
            if c.entity:
                t.add_row(c.name, f"{c.entity}\n{c.label_zh or ''}", c.level or "", f"{c.matched:,}",
                          f"{c.match_rate:.0%}", f"{c.score:.2f}", "\n".join(c.examples[:2]))
            else:
                # Why not: "100% of values are already masked", "values are amounts".
                t.add_row(c.name, "-", "", "", "", "", f"[dim]{_escape(c.explanation.get('reason', ''))}[/dim]")
        console.print(t)
        rec = r.records or {}
        if rec:
            parts = [f"{x['category_zh']} ≥{x['threshold']:,}: {x['records']:,}" for x in rec["categories"]]
            console.print("记录数 records: " + "; ".join(parts), highlight=False)
            console.print(f"按比例合计 ratio {rec['ratio']} → {rec['verdict']}", highlight=False)


@lru_cache(maxsize=1)
def _env():
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("piguard.report", "templates"),
        autoescape=jinja2.select_autoescape(("html", "j2")),
        trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
    )


def render_html(reports: Sequence, *, title: str = "个人信息扫描报告 · Personal information scan") -> str:
    """A self-contained HTML page (inline CSS, no scripts or external assets)."""
    from piguard.detect import thresholds

    now = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    total_rows = sum(r.rows for r in reports)
    total_cols = sum(len(r.pii_columns) for r in reports)
    return _env().get_template("scan.html.j2").render(
        title=title, generated=now, reports=[r.to_dict() for r in reports],
        total_rows=total_rows, total_pii_columns=total_cols,
        categories=thresholds.CATEGORIES, source=thresholds.SOURCE,
    )
