"""Read/write rates of piguard.io for a large CSV, in UTF-8 and in GBK.

    python benchmarks/io_read.py [--rows 1000000] [--dir /tmp]

Writes a synthetic 12-column table of Chinese personal data (generated, no
real people) and prints seconds and rows/s for read_table, iter_batches,
read_table(limit=1000) and write_table in each encoding; then the same
table through Parquet and JSON Lines, and its first --xlsx-rows rows through
XLSX (openpyxl is far slower than the others).
"""
from __future__ import annotations

import argparse
import os
import random
import tempfile
import time

from piguard.io import iter_batches, read_table, write_table

HEADER = "姓名,手机号,身份证号,地址,银行卡,邮箱,金额,日期,备注,编号,电话,状态"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂"


def generate(path: str, rows: int, encoding: str) -> None:
    rng = random.Random(7)
    with open(path, "w", encoding=encoding, newline="") as f:
        f.write(HEADER + "\n")
        for i in range(rows):
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
            f.write(f"{name},1{rng.randint(3000000000, 9999999999)},11010519491231002X,"
                    f"北京市朝阳区建国路{i % 999}号,6222021234567890{i % 1000:03d},user{i}@example.com,"
                    f"{i * 1.5:.2f},2024-01-{i % 28 + 1:02d},无,{i:08d},+86 010-1234{i % 10000:04d},正常\n")


def timed(label: str, rows: int, fn) -> None:
    start = time.perf_counter()
    fn()
    took = time.perf_counter() - start
    print(f"{label:<34} {took:6.2f} s  {rows / took:>12,.0f} rows/s")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--dir", default=tempfile.gettempdir())
    ap.add_argument("--xlsx-rows", type=int, default=100_000)
    args = ap.parse_args()
    table = None
    for encoding in ("utf-8", "gbk"):
        path = os.path.join(args.dir, f"piguard-bench-{encoding}.csv")
        generate(path, args.rows, encoding)
        size = os.path.getsize(path) / 1e6
        print(f"{encoding}: {args.rows:,} rows x 12 columns, {size:.0f} MB")
        holder = {}
        timed("  read_table", args.rows, lambda: holder.update(t=read_table(path)))
        timed("  iter_batches (streaming)", args.rows, lambda: sum(b.num_rows for b in iter_batches(path)))
        timed("  read_table(limit=1000)", 1000, lambda: read_table(path, limit=1000))
        out = path + ".out.csv"
        timed("  write_table (same shape)", args.rows, lambda: write_table(holder["t"].table, out,
                                                                          like=holder["t"].source))
        assert open(out, "rb").read() == open(path, "rb").read()
        os.remove(out)
        os.remove(path)
        table = holder["t"].table
    for suffix, rows in ((".parquet", args.rows), (".jsonl", args.rows), (".xlsx", args.xlsx_rows)):
        path = os.path.join(args.dir, "piguard-bench" + suffix)
        part = table.slice(0, rows)
        print(f"{suffix[1:]}: {rows:,} rows x 12 columns")
        timed("  write_table", rows, lambda: write_table(part, path))
        timed("  read_table", rows, lambda: read_table(path))
        os.remove(path)


if __name__ == "__main__":
    main()
