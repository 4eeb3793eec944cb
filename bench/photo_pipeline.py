"""Time and peak memory to accept a 6000 × 4000 JPEG and make all its renditions.

    .venv/bin/python bench/photo_pipeline.py [--runs 3]

Each run happens in a fresh subprocess, so its peak resident set size (getrusage ru_maxrss)
is the pipeline's own (plus the interpreter and Django, printed separately). A run does what an
upload does, minus the database row: the upload checks (`check_image`), the upright
metadata-free original (`open_normalised` + `encode_master`) and every rendition
(`write_renditions`), stored through a FileSystemStorage in a temporary folder.
Targets: under 2 s and under 300 MB peak. Wall time depends on what else the machine runs; the
CPU time beside it does not.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIME_TARGET_S = 2.0
MEMORY_TARGET_MB = 300


def make_photo(path):
    """A 6000 × 4000 camera-like JPEG: noisy gradient, EXIF with GPS and an orientation tag."""
    from PIL import Image

    gradient = Image.linear_gradient("L").resize((6000, 4000)).convert("RGB")
    noise = Image.effect_noise((6000, 4000), 40).convert("RGB")
    photo = Image.blend(gradient, noise, 0.3)
    exif = Image.Exif()
    exif[0x0112] = 1  # orientation: upright
    exif.get_ifd(0x8825)[2] = (10.0, 30.0, 0.0)  # GPS latitude
    photo.save(path, "JPEG", quality=92, exif=exif)


def run_once(path):
    """The measured child process: prints "wall_s cpu_s peak_mb baseline_mb"."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from django.core.files.base import ContentFile
    from django.core.files.storage import FileSystemStorage
    from django.core.files.uploadedfile import SimpleUploadedFile

    from articles.images import CROPS, MASTER_MIN_EDGE, WIDTHS
    from newsroom import images

    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with tempfile.TemporaryDirectory() as media:
        storage = FileSystemStorage(location=media, base_url="/media/")
        started = time.perf_counter()
        cpu_started = _cpu_seconds()
        upload = SimpleUploadedFile("camera.jpg", Path(path).read_bytes(), "image/jpeg")
        images.check_image(upload)
        image = images.open_normalised(upload, min_edge=MASTER_MIN_EDGE)
        data, extension = images.encode_master(image)
        storage.save(f"photos/camera.{extension}", ContentFile(data))
        del data
        images.write_renditions(
            image, storage=storage, prefix="renditions/photos", widths=WIDTHS, crops=CROPS
        )
        elapsed = time.perf_counter() - started
        cpu = _cpu_seconds() - cpu_started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sys.stdout.write(f"{elapsed:.3f} {cpu:.3f} {peak:.1f} {baseline:.1f}\n")


def _cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--make", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_once(args.child)
        return
    if args.make:
        make_photo(args.make)
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "camera.jpg"
        # Made in its own process too: Linux children inherit the parent's peak RSS.
        subprocess.run([sys.executable, __file__, "--make", str(path)], check=True, cwd=ROOT)
        sys.stdout.write(
            f"input: 6000 × 4000 JPEG, {path.stat().st_size / 1e6:.1f} MB, {os.cpu_count()} CPUs\n"
        )
        for run in range(1, args.runs + 1):
            output = subprocess.run(
                [sys.executable, __file__, "--child", str(path)],
                check=True,
                capture_output=True,
                text=True,
                cwd=ROOT,
            ).stdout
            seconds, cpu, peak, baseline = (float(x) for x in output.split())
            verdict = "ok" if seconds < TIME_TARGET_S and peak < MEMORY_TARGET_MB else "OVER TARGET"
            sys.stdout.write(
                f"run {run}: {seconds:.2f} s wall ({cpu:.2f} s CPU), peak RSS {peak:.0f} MB "
                f"(Python + Django before the photo: {baseline:.0f} MB) {verdict}\n"
            )


if __name__ == "__main__":
    main()
