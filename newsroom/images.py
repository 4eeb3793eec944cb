"""Pillow code shared by every app that stores pictures: upload checks, normalising, renditions.

Plain functions and no models, so that `articles` (cover photos) and `authors` (author photos) use
the same code while `authors` never imports `articles`. Files are written only through a Django
storage object passed in by the caller, so a cloud backend can replace the local disk.
"""

import io
import re
import uuid
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps, UnidentifiedImageError, features

# What editors may upload, identified by content; AVIF only where this Pillow build decodes it.
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF") + (("AVIF",) if features.check("avif") else ())
# Pillow names multi-picture JPEGs from phone cameras "MPO"; they are JPEGs to an editor.
FORMAT_ALIASES = {"MPO": "JPEG"}

# Markers of a second, active document inside an image file (a "polyglot"), lower case. Long
# enough that compressed pixel data practically never contains them by chance.
FOREIGN_MARKERS = (b"<script", b"<html", b"<!doctype", b"<?php", b"%pdf-")
SVG_MARKER = re.compile(rb"<svg[\s>]")
# A ZIP/JAR appended to an image ends with this record in its last 64 KiB.
ZIP_END_RECORD = b"PK\x05\x06"

MIME_TYPES = {"jpeg": "image/jpeg", "webp": "image/webp", "png": "image/png"}
EXTENSIONS = {"jpeg": "jpg", "webp": "webp", "png": "png"}
# WebP effort ("method") 2 of 6 costs about half the CPU of the default 4, for files a few per
# cent larger and SSIM ≥ 0.99 against effort 4 on photographs (bench/photo_pipeline.py measures it).
ENCODER_OPTIONS = {
    "jpeg": {"format": "JPEG", "quality": 82, "progressive": True},
    "webp": {"format": "WEBP", "quality": 80, "method": 2},
    "png": {"format": "PNG"},
}
# The stored original is only read to make renditions, never sent to readers, so it is a
# baseline JPEG: progressive encoding costs about four times as much CPU.
MASTER_ENCODER_OPTIONS = {
    "jpeg": {"format": "JPEG", "quality": 90},
    "png": {"format": "PNG"},
}
# Rendition steps downscale by 2× at most, where bicubic keeps SSIM ≥ 0.99 against Lanczos for
# a third less CPU (bench/photo_pipeline.py); reducing_gap covers the rare larger step.
RESAMPLE = Image.Resampling.BICUBIC


def _describe_unreadable(data):
    """Name what a file Pillow cannot identify seems to be, for the editor's error message."""
    head = data[:1024].lstrip().lower()
    if head.startswith(b"%pdf") or b"%pdf-" in head:
        return "a PDF document"
    if b"<svg" in head:
        return "an SVG drawing"
    if b"<html" in head or b"<!doctype" in head or b"<script" in head:
        return "an HTML page"
    return "not an image this site can read"


def check_image(file, *, max_bytes=None, max_pixels=None):
    """Refuse anything but a complete JPEG, PNG, WebP, GIF (or AVIF) within the size limits.

    Raises ValidationError with a message naming the problem; returns the format name. The file
    is fully decoded (at 1/8 scale for JPEG, which still reads every byte), so truncated and
    corrupt files are caught here rather than when renditions are made.
    """
    max_bytes = max_bytes or settings.PHOTO_MAX_UPLOAD_BYTES
    max_pixels = max_pixels or settings.PHOTO_MAX_PIXELS
    if file.size is not None and file.size > max_bytes:
        raise ValidationError(
            "The file is %(size)s; the limit is %(limit)s.",
            code="file_too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(max_bytes)},
        )
    file.seek(0)
    data = file.read(max_bytes + 1)
    file.seek(0)
    if len(data) > max_bytes:
        raise ValidationError(
            "The file is larger than the limit of %(limit)s.",
            code="file_too_large",
            params={"limit": filesizeformat(max_bytes)},
        )
    try:
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        raise _too_many_pixels(None, max_pixels) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            "This file is %(what)s. Upload a JPEG, PNG, WebP or GIF photo.",
            code="not_an_image",
            params={"what": _describe_unreadable(data)},
        ) from None
    with image:
        fmt = FORMAT_ALIASES.get(image.format, image.format)
        if fmt not in ACCEPTED_FORMATS:
            raise ValidationError(
                "This is a %(format)s image; upload a JPEG, PNG, WebP or GIF photo.",
                code="unsupported_format",
                params={"format": image.format},
            )
        if image.width * image.height > max_pixels:
            raise _too_many_pixels(image.size, max_pixels)
        if _has_foreign_document(data):
            raise ValidationError(
                "This image has another document hidden inside it (HTML, script, PDF or an "
                "archive). Export the photo again as a plain image and upload that.",
                code="polyglot",
            )
        if fmt == "JPEG":
            image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
        try:
            image.load()
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
            raise ValidationError(
                "The image could not be fully decoded: the file is truncated or corrupt.",
                code="corrupt_image",
            ) from None
    return fmt


def _has_foreign_document(data):
    # Plain substring search on a lower-cased copy: several times faster than one regex.
    lowered = data.lower()
    return (
        any(marker in lowered for marker in FOREIGN_MARKERS)
        or (b"<svg" in lowered and SVG_MARKER.search(lowered) is not None)
        or ZIP_END_RECORD in data[-65_558:]
    )


def _too_many_pixels(size, max_pixels):
    if size is None:
        return ValidationError(
            "The image is far larger than the limit of %(limit)s megapixels (a decompression "
            "bomb?).",
            code="too_many_pixels",
            params={"limit": f"{max_pixels / 1e6:g}"},
        )
    return ValidationError(
        "The image is %(width)s × %(height)s pixels (%(mp)s megapixels); the limit is "
        "%(limit)s megapixels.",
        code="too_many_pixels",
        params={
            "width": size[0],
            "height": size[1],
            "mp": f"{size[0] * size[1] / 1e6:.1f}",
            "limit": f"{max_pixels / 1e6:g}",
        },
    )


def validate_image_upload(value):
    """Model-field validator: check a newly uploaded file; a stored file was checked at upload."""
    if getattr(value, "_committed", False):
        return
    check_image(value)


def open_normalised(file, *, min_edge):
    """Decode an image upright and without metadata, at least `min_edge` px on its long side.

    JPEGs are decoded at the smallest scale (1/2, 1/4, 1/8) that keeps `min_edge`, so a
    6000 × 4000 photo never exists in memory at full size; an image still more than twice
    `min_edge` (a huge PNG, say) is resized to `min_edge`. Smaller images are kept as they are.
    EXIF orientation is applied, then all metadata except the colour profile is dropped.
    """
    image = Image.open(file)
    if FORMAT_ALIASES.get(image.format, image.format) == "JPEG":
        image.draft("RGB" if image.mode == "RGB" else None, _fit(image.size, min_edge))
    ImageOps.exif_transpose(image, in_place=True)
    icc_profile = image.info.get("icc_profile")
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    mode = "RGBA" if has_alpha else "RGB"
    if image.mode != mode:
        image = image.convert(mode)
    if max(image.size) > 2 * min_edge:
        image = image.resize(_fit(image.size, min_edge), RESAMPLE, reducing_gap=3.0)
    image.info = {"icc_profile": icc_profile} if icc_profile else {}
    return image


def _fit(size, max_edge):
    """`size` scaled down (never up) so that its long side is at most `max_edge`."""
    width, height = size
    scale = min(1.0, max_edge / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def encode(image, kind, *, options=None):
    """Encode `image` as "jpeg", "webp" or "png" bytes: no metadata but the colour profile.

    `options` replaces the rendition settings of ENCODER_OPTIONS for that kind.
    """
    options = dict(options or ENCODER_OPTIONS[kind])
    if kind == "jpeg" and image.mode != "RGB":
        flat = Image.new("RGB", image.size, (255, 255, 255))
        flat.paste(image, mask=image.getchannel("A") if "A" in image.getbands() else None)
        image = flat
    icc_profile = image.info.get("icc_profile")
    if icc_profile:
        options["icc_profile"] = icc_profile
    buffer = io.BytesIO()
    image.save(buffer, **options)
    return buffer.getvalue()


def encode_master(image):
    """The stored original: high-quality JPEG, or PNG when the image has transparency."""
    kind = "png" if image.mode == "RGBA" else "jpeg"
    return encode(image, kind, options=MASTER_ENCODER_OPTIONS[kind]), EXTENSIONS[kind]


def focal_crop_box(size, ratio, focal=(0.5, 0.5)):
    """The largest box of aspect `ratio` (w, h) inside `size`, centred on the focal point.

    `focal` is (x, y) as fractions of width and height; the box is shifted, never shrunk, to stay
    inside the image, so a focal point near an edge gives a crop against that edge.
    """
    width, height = size
    ratio_w, ratio_h = ratio
    box_w, box_h = width, width * ratio_h / ratio_w
    if box_h > height:
        box_w, box_h = height * ratio_w / ratio_h, height
    left = min(max(focal[0] * width - box_w / 2, 0), width - box_w)
    top = min(max(focal[1] * height - box_h / 2, 0), height - box_h)
    return (left, top, left + box_w, top + box_h)


def rendition_widths(image_width, widths):
    """The widths to make for an image: those it can fill, plus its own width when smaller."""
    fitting = [w for w in widths if w <= image_width]
    if widths and image_width < max(widths) and image_width not in fitting:
        fitting.append(image_width)
    return sorted(fitting)


def _store(storage, name, data, kind, size):
    stored = storage.save(name, ContentFile(data))
    return {
        "name": stored,
        "url": storage.url(stored),
        "width": size[0],
        "height": size[1],
        "bytes": len(data),
        "mime": MIME_TYPES[kind],
    }


def write_renditions(
    image, *, storage, prefix, widths=(), formats=("webp", "jpeg"), crops=None, focal=(0.5, 0.5)
):
    """Make and store every rendition of `image`; return the record for the page to read.

    `widths` are made in each of `formats`, keeping the aspect ratio, never upscaled, each resized
    from the next larger one (cheap, and fine for downscaling). `crops` maps a name to an output
    (width, height); each crop is centred on `focal`, cut from the smallest rendition that holds
    it (without resampling when it holds it at the output size) and made as JPEG, the format
    every consumer of social cards and structured data accepts. Files go under a fresh folder
    in `prefix`, so a regenerated rendition never reuses a URL a cache may hold.

    Returns {"widths": {kind: [record, ...]}, "crops": {name: record}}, where a record is
    {"name", "url", "width", "height", "bytes", "mime"}.
    """
    folder = f"{prefix}/{uuid.uuid4().hex[:12]}"
    jobs = []  # (where the record goes, file name, image, kind)
    # Each width is resized from the next larger one, and crops are cut from the smallest
    # rendition that holds them: far cheaper than going back to the master each time.
    sources = [image]
    for width in sorted(rendition_widths(image.width, widths), reverse=True):
        size = (width, max(1, round(image.height * width / image.width)))
        resized = sources[-1].resize(size, RESAMPLE, reducing_gap=3.0)
        resized.info = image.info
        sources.append(resized)
        jobs += [
            (("widths", kind), f"w{width}.{EXTENSIONS[kind]}", resized, kind) for kind in formats
        ]
    for name, out_size in (crops or {}).items():
        out_size, source, box = _crop_plan(sources, out_size, focal)
        if round(box[2] - box[0]) == out_size[0] and round(box[3] - box[1]) == out_size[1]:
            # Same scale: a plain cut, shifted by less than a pixel, needs no resampling.
            left, top = round(box[0]), round(box[1])
            cropped = source.crop((left, top, left + out_size[0], top + out_size[1]))
        else:
            cropped = source.resize(out_size, RESAMPLE, box=box, reducing_gap=3.0)
        cropped.info = image.info
        jobs.append((("crops", name), f"{name}.jpg", cropped, "jpeg"))

    def run(job):
        _, filename, picture, kind = job
        return _store(storage, f"{folder}/{filename}", encode(picture, kind), kind, picture.size)

    # Pillow's encoders release the GIL, so two threads use both cores of a small server.
    with ThreadPoolExecutor(max_workers=2) as pool:
        records = list(pool.map(run, jobs))
    result = {"widths": {kind: [] for kind in formats}, "crops": {}}
    for ((group, key), *_), record in zip(jobs, records, strict=True):
        if group == "widths":
            result["widths"][key].insert(0, record)
        else:
            result["crops"][key] = record
    return result


def _crop_plan(sources, out_size, focal):
    """(output size, source image, box) for a crop: the smallest source that avoids upscaling.

    `sources` runs from the master to smaller copies; the master's crop box decides the output
    size (shrunk when the box is smaller than asked, never upscaled).
    """
    out_w, out_h = out_size
    master_box = focal_crop_box(sources[0].size, out_size, focal)
    master_box_w = master_box[2] - master_box[0]
    if master_box_w < out_w:
        out_w, out_h = max(1, round(master_box_w)), max(1, round(master_box_w * out_h / out_w))
    for source in reversed(sources):
        box = focal_crop_box(source.size, out_size, focal)
        if box[2] - box[0] >= out_w:
            return (out_w, out_h), source, box
    return (out_w, out_h), sources[0], master_box


def rendition_names(renditions):
    """Every stored file name recorded in a `write_renditions` result."""
    records = [r for kind in renditions.get("widths", {}).values() for r in kind]
    records += list(renditions.get("crops", {}).values())
    return [record["name"] for record in records]


def delete_files(storage, names):
    """Delete stored files, ignoring those already gone."""
    for name in names:
        if name:
            storage.delete(name)
