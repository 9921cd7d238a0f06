"""Import benchmark: files per second against two baselines measured in the same run, and the peak
resident memory of a 10,000-file import.

    python bench/bench_import.py                               # the full run
    python bench/bench_import.py --files 100 --rss-files 1000  # a quicker one

Baselines (issue 3):
- the limit loop: read + SHA-256 + draft-mode thumbnail, in parallel on all cores, no database;
- the naive loop: full decode + thumbnail() in one process (measured on --naive-files of the
  files, since it is slow; its rate is what is compared).
Goals: import >= 70% of the limit loop and >= 3x the naive loop; peak RSS < 500 MB at 10,000.

The images are generated once into a temp folder and reused by later runs. The 10,000-file
memory run uses smaller images (1024 x 768) so it fits in minutes: memory depends on how many
files are held at once, not on how big each is, because workers return no pixels.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from PIL import Image, ImageDraw

EDGE = 320


def _base(size: tuple[int, int]) -> Image.Image:
    """A picture with photograph-like entropy (noise on gradients), about 2.5 MB at 12 MP."""
    small = (max(size[0] // 4, 1), max(size[1] // 4, 1))
    noise = Image.effect_noise(small, 40).resize(size, Image.Resampling.BICUBIC)
    ramp = Image.linear_gradient("L").resize(size)
    return Image.merge("RGB", (noise, ramp, noise.point(lambda value: 255 - value)))


def _write_batch(args: tuple[str, tuple[int, int], int, int]) -> None:
    folder, size, start, stop = args
    base = _base(size)
    for number in range(start, stop):
        image = base.copy()
        ImageDraw.Draw(image).rectangle((0, 0, 200, 40), fill=(number % 256, number // 256, 0))
        ImageDraw.Draw(image).text((10, 10), f"scan {number:05d}", fill="white")
        image.save(Path(folder) / f"scan-{number:05d}.jpg", "JPEG", quality=85)


def generated(count: int, size: tuple[int, int]) -> Path:
    """A folder of `count` distinct JPEGs of `size`, made once and reused."""
    folder = Path(tempfile.gettempdir()) / f"archive_app_bench_{size[0]}x{size[1]}_{count}"
    marker = folder / ".complete"
    if marker.exists():
        return folder
    folder.mkdir(exist_ok=True)
    print(f"generating {count} JPEGs of {size[0]} x {size[1]} in {folder} …", flush=True)
    step = max(count // (4 * (os.cpu_count() or 1)), 1)
    jobs = [(str(folder), size, start, min(start + step, count)) for start in range(0, count, step)]
    with ProcessPoolExecutor() as pool:
        list(pool.map(_write_batch, jobs))
    marker.touch()
    return folder


def _limit_one(path: str) -> str:
    data = Path(path).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    with Image.open(io.BytesIO(data)) as image:
        image.draft("RGB", (EDGE, EDGE))
        image.thumbnail((EDGE, EDGE))
    return digest


def limit_loop(files: list[str]) -> float:
    start = time.perf_counter()
    with ProcessPoolExecutor() as pool:
        list(pool.map(_limit_one, files, chunksize=8))
    return time.perf_counter() - start


def naive_loop(files: list[str]) -> float:
    start = time.perf_counter()
    for path in files:
        data = Path(path).read_bytes()
        hashlib.sha256(data).hexdigest()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image.thumbnail((EDGE, EDGE))
    return time.perf_counter() - start


def import_run(folder: Path, workdir: Path) -> tuple[float, int, dict[str, float]]:
    """Import the folder into a fresh catalogue in a child process; (seconds, imported, RSS MB)."""
    catalog = workdir / f"bench-{time.time_ns()}.db"
    code = (
        "import json, resource, sys, time\n"
        "from archive_app.catalog.database import open_catalog\n"
        "from archive_app.catalog.importing.run import import_files\n"
        "if __name__ == '__main__':\n"
        "    with open_catalog(sys.argv[1]) as catalog:\n"
        "        start = time.perf_counter()\n"
        "        report = import_files(catalog, [sys.argv[2]])\n"
        "        took = time.perf_counter() - start\n"
        "    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "    print(json.dumps([took, report.count('imported'), own, workers]))\n"
    )
    script = workdir / "bench_import_child.py"
    script.write_text(code, encoding="utf-8")
    output = subprocess.run(
        [sys.executable, str(script), str(catalog), str(folder)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    took, imported, own, worker = json.loads(output.strip().splitlines()[-1])
    return took, imported, {"main": own, "largest worker": worker}


def warm(files: list[str]) -> None:
    """Read every file once, so all three loops are measured with the files in the page cache."""
    for path in files:
        Path(path).read_bytes()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--naive-files", type=int, default=150)
    parser.add_argument("--rss-files", type=int, default=10_000, help="0 to skip")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    folder = generated(args.files, (4000, 3000))
    files = sorted(str(path) for path in folder.glob("*.jpg"))
    warm(files)
    naive_files = files[: max(1, min(args.naive_files, len(files)))]
    with tempfile.TemporaryDirectory() as work:
        limit = len(files) / limit_loop(files)
        naive = len(naive_files) / naive_loop(naive_files)
        took, imported, _rss = import_run(folder, Path(work))
        rate = imported / took
        print(f"\n{len(files)} JPEGs of 12 megapixels, {cores} cores")
        print(f"  limit loop  {limit:8.1f} files/s  (read + SHA-256 + draft thumbnail, all cores)")
        print(
            f"  naive loop  {naive:8.1f} files/s  (full decode + thumbnail, one process, "
            f"{len(naive_files)} files)"
        )
        print(f"  import      {rate:8.1f} files/s  ({imported} imported in {took:.1f} s)")
        print(f"  import / limit loop = {rate / limit:.0%}   (goal >= 70%)")
        print(f"  import / naive loop = {rate / naive:.1f}x  (goal >= 3x)")
        if args.rss_files:
            small = generated(args.rss_files, (1024, 768))
            warm(sorted(str(path) for path in small.glob("*.jpg")))
            took, imported, rss = import_run(small, Path(work))
            bound = rss["main"] + cores * rss["largest worker"]
            print(
                f"\n{imported} JPEGs of 1024 x 768 imported in {took:.1f} s "
                f"({imported / took:.0f} files/s)"
            )
            print(
                f"  peak RSS: main process {rss['main']:.0f} MB, largest worker "
                f"{rss['largest worker']:.0f} MB; all together at most {bound:.0f} MB "
                f"(goal < 500 MB)"
            )


if __name__ == "__main__":
    main()
