"""Attachments into the photo library, through the same checks and renditions as an upload.

The Pillow work (validating, normalising, making renditions) is the slow part of an import, so it
runs in a pool of worker processes, one per core; the database rows are written by the main
process, in its transactions. Workers are forked, so they share the settings and storage of the
command that started them, and they never touch the database.
"""

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from newsroom import images

from ..images import CROPS, MASTER_MIN_EDGE, WIDTHS
from ..models import Photo

UPLOADS_MARKER = "/wp-content/uploads/"
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".jpe", ".png", ".gif", ".webp", ".avif"}


class UnsafePath(Exception):
    pass


def upload_path(url_or_path):
    """The path under the uploads folder that an attachment URL or `_wp_attached_file` names."""
    value = url_or_path or ""
    if "://" in value or value.startswith("/"):
        path = unquote(urlsplit(value).path)
        at = path.find(UPLOADS_MARKER)
        if at == -1:
            return None
        return path[at + len(UPLOADS_MARKER) :]
    return unquote(value)


def resolve_inside(uploads, relative):
    """The file `relative` names inside `uploads`; UnsafePath if it would leave the folder."""
    relative = relative.replace("\\", "/")
    pure = PurePosixPath(relative)
    if pure.is_absolute() or ".." in pure.parts or "\x00" in relative:
        raise UnsafePath(relative)
    root = Path(uploads).resolve()
    target = (root / pure).resolve()
    if target != root and root not in target.parents:
        raise UnsafePath(relative)
    return target


def is_image_name(name):
    return PurePosixPath(name or "").suffix.lower() in IMAGE_EXTENSIONS


def render(job):
    """Worker: check one file as an upload would be checked, then store it and its renditions.

    Returns (key, fields for the Photo row or None, the refusal message or None). With
    `dry_run` only the checks run and nothing is written.
    """
    key, path, dry_run = job
    try:
        with open(path, "rb") as handle:
            upload = File(handle, name=os.path.basename(path))
            images.check_image(upload)
            if dry_run:
                return key, {"image": f"photos/{upload.name}", "renditions": {}}, None
            upload.seek(0)
            picture = images.open_normalised(upload, min_edge=MASTER_MIN_EDGE)
    except ValidationError as error:
        return key, None, " ".join(error.messages)
    except OSError as error:
        return key, None, str(error)
    field = Photo._meta.get_field("image")
    storage = field.storage
    data, extension = images.encode_master(picture)
    stem = PurePosixPath(path).stem or "photo"
    name = storage.save(field.generate_filename(None, f"{stem}.{extension}"), ContentFile(data))
    renditions = {
        "master": name,
        "focal": [0.5, 0.5],
        **images.write_renditions(
            picture,
            storage=storage,
            prefix="renditions/photos",
            widths=WIDTHS,
            crops=CROPS,
            focal=(0.5, 0.5),
        ),
    }
    return (
        key,
        {"image": name, "width": picture.width, "height": picture.height, "renditions": renditions},
        None,
    )


def render_all(jobs, *, workers=None):
    """Yield `render` results for `jobs`, in a pool of forked workers (one per core, at most 2)."""
    jobs = list(jobs)
    if not jobs:
        return
    workers = workers or min(2, os.cpu_count() or 1)
    if workers == 1 or len(jobs) == 1:
        yield from map(render, jobs)
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(render, jobs, chunksize=1)


def missing_message(relative, uploads):
    if uploads is None:
        return _("no --uploads folder was given")
    return _("%(path)s is not in the uploads folder") % {"path": relative}
