"""Extraction speed: reports per second on ``.txt`` input, one core.

Usage: python bench/bench_extract.py [REPORTS_DIR] [--seconds 5]

The target (issue 3) is 200 reports of the seeds' size per second on one core:
run it on the seeds with ``python bench/bench_extract.py data/reports``.
Without a folder, fictional reports are generated; they are shorter than the
seeds (about 2.5k characters against 5.8k), so their rate is higher.  The
spaCy pipeline is built once before timing (as in a long-running process).
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from pathlib import Path

from kg.extract import extract_text
from kg.extract.segment import sentence_splitter


def fictional_reports(n: int = 20) -> list[tuple[str, str]]:
    out = []
    for i in range(n):
        parts = [f"News\n\n2024.0{1 + i % 9}.1{i % 9}\n\n【Event Report】Fictional River Dialogue {i}\n",
                 f"On May {1 + i % 27}, 2024, the Quill Institute (QI) co-hosted the dialogue with the "
                 f"Harbor Foundation for Ocean Studies.\n"]
        for s in range(1, 4):
            parts.append(f"Session {s}: Rivers and Lakes {s}\n")
            parts.append(f"Moderated by Rin Maeda{s}, former Ambassador of Japan to Freedonia, the session "
                         "explored water policy.\n")
            for k in range(3):
                parts.append(f"Kai Berg{s}{k}, Senior Fellow at QI and Professor at Dunmore University, noted "
                             "that rivers matter a great deal to cities. He proposed a River Data Network "
                             f"(RDN{s}{k}) and stressed the “Lake Compact” concept.\n")
        parts.append("Closing Session\nIn closing remarks, Kai Berg10 thanked the participants.\n")
        out.append((f"fict{i}.txt", "\n".join(parts).replace("\n", "\n\n")))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("reports", nargs="?", type=Path)
    ap.add_argument("--seconds", type=float, default=5.0)
    args = ap.parse_args()
    if args.reports:
        docs = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(args.reports.glob("*.txt"))]
    else:
        docs = fictional_reports()
    sentence_splitter()
    extract_text(docs[0][1], docs[0][0])
    n = 0
    chars = 0
    t0, c0 = time.perf_counter(), time.process_time()
    while time.perf_counter() - t0 < args.seconds:
        name, text = docs[n % len(docs)]
        extract_text(text, name)
        n += 1
        chars += len(text)
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"machine: {platform.platform()}, {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"inputs: {len(docs)} reports, mean {chars // max(n, 1)} chars")
    print(f"extract_text: {n / cpu:.1f} reports per CPU-second, {n / dt:.1f} reports/s wall "
          f"({n} in {dt:.2f} s; wall is lower when the machine is shared)")


if __name__ == "__main__":
    main()
