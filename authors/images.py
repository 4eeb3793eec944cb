"""Author photos: a square crop for bylines and author pages, made by the shared Pillow code."""

from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.db import transaction

from newsroom import images

SQUARE = {"1x1": (400, 400)}
# Head shots are small on the page; 800 px keeps the square sharp on high-density screens.
MASTER_MIN_EDGE = 800


def process_author_photo(author):
    """Re-encode a new author photo upright and without metadata, make its square, save the row.

    With no photo, clears the renditions. Files of the previous run are deleted on commit.
    """
    stale = images.rendition_names(author.photo_renditions or {})
    if not author.photo:
        # The cleared field no longer names the stored original; the record still does.
        master = (author.photo_renditions or {}).get("master")
        stale += [master] if master else []
        author.photo_renditions = {}
        author.save()
        transaction.on_commit(lambda: images.delete_files(author.photo.storage, stale))
        return author
    storage = author.photo.storage
    is_new_upload = not author.photo._committed
    with author.photo.open("rb"):
        image = images.open_normalised(author.photo, min_edge=MASTER_MIN_EDGE)
    if is_new_upload or (author.photo_renditions or {}).get("master") != author.photo.name:
        if not is_new_upload:
            stale.append(author.photo.name)
        data, extension = images.encode_master(image)
        stem = PurePosixPath(author.photo.name).stem or "author"
        author.photo.save(f"{stem}.{extension}", ContentFile(data), save=False)
    author.photo_renditions = {
        "master": author.photo.name,
        **images.write_renditions(
            image, storage=storage, prefix="renditions/authors", crops=SQUARE
        ),
    }
    author.save()
    transaction.on_commit(lambda: images.delete_files(storage, stale))
    return author
