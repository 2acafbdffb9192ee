"""Build ``data/first_names_gender.json.gz``: which first names are (nearly always) women's or men's.

    pip download --no-deps -d /tmp/gaz names          # US Census 1990 name lists (public domain)
    python tools/build_genders.py /tmp/gaz/names-0.3.0.tar.gz

A name goes to one list when its share of that sex's population is at least ``RATIO`` times its share
of the other's ("Mary", "James"); names common to both ("Jordan", "Kelly") go to neither. The speaker
attribution uses it to keep "she" off a man and "he" off a woman.
"""

from __future__ import annotations

import gzip
import io
import json
import sys
import tarfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src/newstui/core/annotate/data/first_names_gender.json.gz"
RATIO = 4.0


def _shares(tar: tarfile.TarFile, suffix: str) -> dict[str, float]:
    member = next(m for m in tar.getmembers() if m.name.endswith(suffix))
    handle = tar.extractfile(member)
    assert handle is not None
    shares = {}
    for line in io.TextIOWrapper(handle, encoding="utf-8"):
        parts = line.split()
        if len(parts) >= 2:
            shares[parts[0].lower()] = float(parts[1])
    return shares


def main() -> int:
    with tarfile.open(sys.argv[1]) as tar:
        female = _shares(tar, "dist.female.first")
        male = _shares(tar, "dist.male.first")
    women = sorted(n for n, s in female.items() if s >= RATIO * male.get(n, 0.0))
    men = sorted(n for n, s in male.items() if s >= RATIO * female.get(n, 0.0))
    blob = json.dumps({"f": women, "m": men}, separators=(",", ":")).encode()
    OUT.write_bytes(gzip.compress(blob, mtime=0))
    print(f"{len(women)} women's names, {len(men)} men's names -> {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
