"""CPU time, peak memory and visual quality of accepting a photo and making all its renditions.

    .venv/bin/python bench/photo_pipeline.py [--runs 3]

Two inputs, both camera-like JPEGs (a drawn landscape with sensor grain and an EXIF block with a
GPS position): a 2400 × 1600 cover and a 6000 × 4000 upload. Each is processed with two encoder
profiles in the same run:

- "before": `newsroom/images.py` as it was before issue 10 part 5 (commit BEFORE_COMMIT, read
  with `git show`): WebP effort 4, a progressive master JPEG, every width and crop resized from
  the 1600 px rendition or the master;
- "after": `newsroom/images.py` as it is.

Each run happens in a fresh subprocess, so its peak resident set size (getrusage ru_maxrss) is
the pipeline's own (plus the interpreter and Django, printed separately). A run does what an
upload does, minus the database row: the upload checks (`check_image`), the upright
metadata-free original (`open_normalised` + `encode_master`) and every rendition
(`write_renditions`), stored through a FileSystemStorage in a temporary folder. CPU time is
process time (both encoder threads counted), so it does not depend on what else the machine runs.

SSIM compares every rendition of "after" with the same rendition of "before" (1.0 = identical;
target ≥ 0.98). Targets: ≤ 0.4 s CPU for the cover, ≤ 1 s for the upload, peak ≤ 300 MB.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INPUTS = {"cover": (2400, 1600), "upload": (6000, 4000)}
CPU_TARGET_S = {"cover": 0.4, "upload": 1.0}
MEMORY_TARGET_MB = 300
SSIM_TARGET = 0.98
PROFILES = ("before", "after")
BEFORE_COMMIT = "96f0508"


def make_photo(path, size):
    """A camera-like JPEG: a drawn landscape, sensor grain, EXIF with GPS and an orientation."""
    sys.path.insert(0, str(ROOT))
    from PIL import Image

    from articles import demo_images

    scene = Image.open(demo_images.landscape(7, size=size)).convert("RGB")
    grain = Image.effect_noise(size, 24).convert("RGB")
    photo = Image.blend(scene, grain, 0.12)
    exif = Image.Exif()
    exif[0x0112] = 1  # orientation: upright
    exif.get_ifd(0x8825)[2] = (10.0, 30.0, 0.0)  # GPS latitude
    photo.save(path, "JPEG", quality=92, exif=exif)


def pipeline(profile):
    """`newsroom.images` as it is ("after"), or as it was at BEFORE_COMMIT ("before")."""
    from newsroom import images

    if profile == "after":
        return images
    source = subprocess.run(
        ["git", "show", f"{BEFORE_COMMIT}:newsroom/images.py"],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    before = types.ModuleType("images_before")
    exec(compile(source, "images_before.py", "exec"), before.__dict__)
    return before


def run_once(path, profile, output):
    """The measured child process: prints a JSON line of figures; keeps renditions in `output`."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from django.core.files.base import ContentFile
    from django.core.files.storage import FileSystemStorage
    from django.core.files.uploadedfile import SimpleUploadedFile

    from articles.images import CROPS, MASTER_MIN_EDGE, WIDTHS

    images = pipeline(profile)
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    storage = FileSystemStorage(location=output, base_url="/media/")
    started = time.perf_counter()
    cpu_started = time.process_time()
    upload = SimpleUploadedFile("camera.jpg", Path(path).read_bytes(), "image/jpeg")
    images.check_image(upload)
    image = images.open_normalised(upload, min_edge=MASTER_MIN_EDGE)
    data, extension = images.encode_master(image)
    storage.save(f"photos/camera.{extension}", ContentFile(data))
    del data
    result = images.write_renditions(
        image, storage=storage, prefix="renditions", widths=WIDTHS, crops=CROPS
    )
    figures = {
        "wall": time.perf_counter() - started,
        "cpu": time.process_time() - cpu_started,
        "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "baseline": baseline,
        "files": sorted(images.rendition_names(result)),
    }
    sys.stdout.write(json.dumps(figures) + "\n")


def child(path, profile, output):
    completed = subprocess.run(
        [sys.executable, __file__, "--child", str(path), profile, str(output)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(completed.stdout)


def min_ssim(folder, before_files, after_files):
    """The lowest SSIM of an "after" rendition against the same "before" rendition, and which."""
    sys.path.insert(0, str(ROOT))
    from PIL import Image

    from tests.ssim import ssim

    def by_name(files):
        return {Path(name).name: Path(folder, name) for name in files}

    before, after = by_name(before_files), by_name(after_files)
    scores = {}
    for name, path in after.items():
        with Image.open(before[name]) as old, Image.open(path) as new:
            scores[name] = ssim(old, new)
    worst = min(scores, key=scores.get)
    return scores[worst], worst


def bytes_of(folder, files, suffix):
    return sum(Path(folder, name).stat().st_size for name in files if name.endswith(suffix))


def report(folder, label, runs):
    """Print one input's figures: both profiles, their CPU ratio and the lowest SSIM."""
    cpu = {p: statistics.median(r["cpu"] for r in runs[p]) for p in PROFILES}
    for profile in PROFILES:
        wall = statistics.median(r["wall"] for r in runs[profile])
        peak = max(r["peak"] for r in runs[profile])
        out = folder / f"{label}-{profile}-0"
        files = runs[profile][0]["files"]
        ok = cpu[profile] <= CPU_TARGET_S[label] and peak <= MEMORY_TARGET_MB
        sys.stdout.write(
            f"  {profile:6}: {cpu[profile]:.3f} s CPU ({wall:.2f} s wall), peak RSS {peak:.0f} MB "
            f"(Python + Django before the photo: {runs[profile][0]['baseline']:.0f} MB), "
            f"WebP {bytes_of(out, files, '.webp') / 1e3:.0f} kB, "
            f"JPEG {bytes_of(out, files, '.jpg') / 1e3:.0f} kB"
            f"{'' if profile == 'before' else ('  ok' if ok else '  OVER TARGET')}\n"
        )
    score, worst = min_ssim(
        folder,
        [f"{label}-before-0/{n}" for n in runs["before"][0]["files"]],
        [f"{label}-after-0/{n}" for n in runs["after"][0]["files"]],
    )
    verdict = "ok" if score >= SSIM_TARGET else "BELOW TARGET"
    sys.stdout.write(
        f"  after/before CPU {cpu['after'] / cpu['before']:.2f}; lowest SSIM after vs before "
        f"{score:.4f} ({worst}) {verdict}\n"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--make", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_once(*args.child)
        return
    if args.make:
        make_photo(args.make[0], (int(args.make[1]), int(args.make[2])))
        return
    sys.stdout.write(
        f"{os.cpu_count()} CPUs; medians of {args.runs} runs, each in a fresh process\n"
    )
    with tempfile.TemporaryDirectory() as folder:
        runs = {}
        for label, size in INPUTS.items():
            path = Path(folder) / f"{label}.jpg"
            # Made in its own process: Linux children inherit the parent's peak RSS, so the
            # parent allocates nothing large before the last measured run.
            subprocess.run(
                [sys.executable, __file__, "--make", str(path), *map(str, size)],
                check=True,
                cwd=ROOT,
            )
            runs[label] = {profile: [] for profile in PROFILES}
            # Interleaved, so a busy moment on the machine hits both profiles alike.
            for run in range(args.runs):
                for profile in PROFILES:
                    output = Path(folder) / f"{label}-{profile}-{run}"
                    runs[label][profile].append(child(path, profile, output))
        for label, size in INPUTS.items():
            path = Path(folder) / f"{label}.jpg"
            sys.stdout.write(
                f"\n{label}: {size[0]} × {size[1]} JPEG, {path.stat().st_size / 1e6:.1f} MB\n"
            )
            report(Path(folder), label, runs[label])


if __name__ == "__main__":
    main()
