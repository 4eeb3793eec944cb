"""Cover-photo renditions: which sizes a Photo gets, and the one function that makes them.

The Pillow work itself lives in `newsroom.images`, shared with author photos. Renditions are made
when a photo is uploaded (PhotoAdmin, `create_photo` for code such as demo loaders, the test
factories) rather than on first use, so no reader request ever waits on an image encoder or
touches storage.
"""

from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.db import transaction

from newsroom import images

from .models import Photo

WIDTHS = (480, 800, 1200, 1600)
CROPS = {
    "16x9": (1200, 675),
    "4x3": (1200, 900),
    "1x1": (1200, 1200),
    "social": (1200, 630),
}
# The stored original keeps at least 1.5 × the widest rendition (up to twice that; see
# `open_normalised`): enough to regenerate every size, and a 6000 × 4000 JPEG decodes at half scale.
MASTER_MIN_EDGE = 2400


def create_photo(image, **fields):
    """Validate and store a new photo with its renditions: the entry point for code paths.

    `image` is an uploaded or in-memory file. Raises ValidationError naming the problem, as the
    admin form would, before anything is written.
    """
    photo = Photo(image=image, **fields)
    photo.full_clean()
    return process_photo(photo)


def process_photo(photo):
    """Normalise a newly uploaded original, (re)make all renditions and save the photo.

    A new upload (or an original stored by a path that skipped this function) is re-encoded
    upright and without metadata before anything is written, so the raw file with its GPS
    position never reaches storage. Files made by the previous run are deleted once the row is
    committed. Call after `photo.full_clean()` (or use `create_photo`); returns the photo.
    """
    storage = photo.image.storage
    previous = photo.renditions or {}
    # FieldFile._committed is False while the file is an upload not yet written to storage.
    is_new_upload = not photo.image._committed
    needs_master = is_new_upload or previous.get("master") != photo.image.name
    stale = images.rendition_names(previous)
    with photo.image.open("rb"):
        image = images.open_normalised(photo.image, min_edge=MASTER_MIN_EDGE)
    if needs_master:
        # The file being replaced: a raw original stored without processing, or the previous
        # master when the editor uploads a new file.
        replaced = previous.get("master") if is_new_upload else photo.image.name
        if replaced:
            stale.append(replaced)
        data, extension = images.encode_master(image)
        stem = PurePosixPath(photo.image.name).stem or "photo"
        photo.image.save(f"{stem}.{extension}", ContentFile(data), save=False)
    photo.width, photo.height = image.size
    photo.renditions = {
        "master": photo.image.name,
        "focal": [photo.focal_x, photo.focal_y],
        **images.write_renditions(
            image,
            storage=storage,
            prefix="renditions/photos",
            widths=WIDTHS,
            crops=CROPS,
            focal=(photo.focal_x, photo.focal_y),
        ),
    }
    photo.save()
    transaction.on_commit(lambda: images.delete_files(storage, stale))
    return photo


def delete_photo_files(photo):
    """Delete a photo's original and renditions from storage (after the row is gone)."""
    names = [photo.image.name, *images.rendition_names(photo.renditions or {})]
    storage = photo.image.storage
    transaction.on_commit(lambda: images.delete_files(storage, names))
