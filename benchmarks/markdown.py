"""Markdown parsing time on hostile input at growing sizes: linear time means the ratio stays near 2.

Usage: ``python benchmarks/markdown.py [--sizes 100000 200000 400000]``. Prints, for each pathological
body (runs of ``**``, ``_``, backticks, brackets, unclosed links, heading spaces ...), the seconds to
parse it at each size and the ratio between successive sizes.
"""

from __future__ import annotations

import argparse
import time
from itertools import pairwise

from newstui.core.sources.markdown import parse

BODIES = {
    "stars": "**a ",
    "underscores": "_",
    "backticks": "`",
    "brackets": "[",
    "open-links": "[a](",
    "images": "![",
    "quotes": "> ",
    "bullets": "- ",
    "backslashes": "\\",
    "autolinks": "<http://",
    "prose": "Some **bold** words, a [link](https://example.com/x) and `code`. ",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 200_000, 400_000])
    args = parser.parse_args()
    print(f"{'body':12} " + " ".join(f"{size:>10,}" for size in args.sizes) + "   ratios")
    for name, unit in BODIES.items():
        times = []
        for size in args.sizes:
            text = "# Title\n\n" + unit * (size // len(unit)) + "\n"
            start = time.perf_counter()
            parse(text)
            times.append(time.perf_counter() - start)
        ratios = " ".join(f"{b / a:4.1f}" for a, b in pairwise(times) if a > 0)
        print(f"{name:12} " + " ".join(f"{t:9.3f}s" for t in times) + f"   {ratios}")


if __name__ == "__main__":
    main()
