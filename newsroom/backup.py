"""Backups: one tar archive holding the database, every media file and a manifest.

Layout of an archive (members in this order, so both writing and reading stream):

    database/rows.jsonl.gz  or  database/dump.pgcustom    (see `newsroom.dbdump`)
    media/<storage name>                                  originals and renditions, as stored
    manifest.json                                         counts, sizes and SHA-256 of the above

The database is dumped first, from one snapshot, then the media are copied: a photo uploaded
meanwhile may leave an unreferenced file in the archive, never a row without its file. Media
are read through Django's default storage, so the same commands work on a local folder and on
an S3-compatible store. Restoring reads the archive twice: once to verify every checksum and
count (nothing is written before that passes), once to write.
"""

import datetime
import hashlib
import io
import json
import os
import tarfile
import tempfile
from pathlib import Path

from django.core.cache import cache
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import connection

from . import caching, dbdump

FORMAT = "newsroom-backup"
VERSION = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup cannot be made or restored; the message says why, for the operator."""


class _Hashing(io.RawIOBase):
    """A read-only stream that hashes what is read through it."""

    def __init__(self, stream):
        self.stream = stream
        self.sha256 = hashlib.sha256()
        self.size = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self.stream.read(len(buffer))
        self.sha256.update(data)
        self.size += len(data)
        buffer[: len(data)] = data
        return len(data)


def storage_files(storage, folder=""):
    """Every file name in `storage` under `folder`, sorted, depth first."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from storage_files(storage, f"{folder}/{sub}" if folder else sub)


def archive_path(dest):
    """The archive to write: `dest` itself, or a dated file when `dest` is a folder.

    A `dest` ending in a slash is a folder, created if need be.
    """
    if str(dest).endswith(("/", os.sep)) or Path(dest).is_dir():
        dest = Path(dest)
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
        return dest / f"newsroom-{stamp}.tar"
    return Path(dest)


def _add(tar, name, stream, size, members):
    """Add `size` bytes of `stream` as member `name`, recording its size and SHA-256."""
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(datetime.datetime.now(datetime.UTC).timestamp())
    hashing = _Hashing(stream)
    tar.addfile(info, io.BufferedReader(hashing, CHUNK))
    members[name] = {"size": hashing.size, "sha256": hashing.sha256.hexdigest()}


def write_backup(dest, *, storage=None, log=lambda message: None):
    """Write a backup archive to `dest` (a file, or a folder to put a dated file in).

    The archive is written under a temporary name beside its destination and renamed when
    complete, so an interrupted backup never leaves a file that looks like a finished one.
    Returns (path, manifest).
    """
    storage = storage or default_storage
    path = archive_path(dest)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "engine": connection.vendor,
    }
    try:
        _write(partial, storage, manifest, log)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, path)
    return path, manifest


def _write(partial, storage, manifest, log):
    """Write the archive to `partial`, completing `manifest` with what went in."""
    members = {}
    with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
        with tempfile.TemporaryDirectory(dir=partial.parent, prefix=".newsroom-backup-") as work:
            dump = Path(work) / "database"
            if dbdump.is_postgresql():
                counts, member, method = (
                    dbdump.dump_postgresql(dump),
                    dbdump.PG_DUMP_MEMBER,
                    "pg_dump",
                )
            else:
                counts, member, method = dbdump.dump_rows(dump), dbdump.ROWS_MEMBER, "rows"
            log(f"database: {sum(counts.values())} rows ({method})")
            with dump.open("rb") as stream:
                _add(tar, member, stream, dump.stat().st_size, members)
        manifest["database"] = {
            "member": member,
            "method": method,
            "rows": counts,
            "migrations": dbdump.applied_migrations(),
        }
        files = total = 0
        for name in storage_files(storage):
            try:
                size = storage.size(name)
                with storage.open(name, "rb") as stream:
                    _add(tar, MEDIA_PREFIX + name, stream, size, members)
            except FileNotFoundError:
                continue  # deleted since it was listed: it belongs to no row of the dump
            files += 1
            total += size
        log(f"media: {files} files, {total} bytes")
        manifest["media"] = {"files": files, "bytes": total}
        manifest["members"] = members
        data = json.dumps(manifest, indent=1, sort_keys=True).encode()
        _add(tar, MANIFEST, io.BytesIO(data), len(data), {})
        tar.fileobj.flush()
        os.fsync(tar.fileobj.fileno())


def verify(path):
    """Read the whole archive and check it against its manifest; return the manifest.

    Raises BackupError naming the problem: not an archive, truncated, a member changed, missing
    or unexpected, or database rows that do not match the recorded counts.
    """
    seen = {}
    rows = None
    manifest = None
    try:
        with tarfile.open(path, "r|") as tar:
            for member in tar:
                if not member.isfile():
                    raise BackupError(f"{path}: unexpected entry {member.name!r}.")
                stream = tar.extractfile(member)
                if member.name == MANIFEST:
                    manifest = _read_manifest(path, stream.read())
                    continue
                if manifest is not None:
                    raise BackupError(f"{path}: {member.name!r} follows the manifest.")
                hashing = _Hashing(stream)
                if member.name == dbdump.ROWS_MEMBER:
                    rows = dbdump.count_rows(io.BufferedReader(hashing, CHUNK))
                while hashing.read(CHUNK):
                    pass
                seen[member.name] = {"size": hashing.size, "sha256": hashing.sha256.hexdigest()}
    except FileNotFoundError:
        raise BackupError(f"{path}: no such file.") from None
    except (tarfile.TarError, EOFError, OSError, ValueError) as error:
        raise BackupError(
            f"{path} is truncated or corrupt ({error}); nothing was restored."
        ) from None
    if manifest is None:
        raise BackupError(f"{path} has no manifest: it is truncated or not a Newsroom backup.")
    _compare(path, manifest, seen, rows)
    return manifest


def _read_manifest(path, data):
    try:
        manifest = json.loads(data)
    except ValueError:
        raise BackupError(f"{path}: the manifest is not valid JSON.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a Newsroom backup.")
    if manifest.get("version") != VERSION:
        raise BackupError(
            f"{path} is a version {manifest.get('version')} backup; this code reads version "
            f"{VERSION}."
        )
    return manifest


def _compare(path, manifest, seen, rows):
    expected = manifest["members"]
    missing = sorted(set(expected) - set(seen))
    if missing:
        raise BackupError(f"{path} lacks {len(missing)} file(s) its manifest lists: {missing[0]}…")
    extra = sorted(set(seen) - set(expected))
    if extra:
        raise BackupError(f"{path} holds file(s) its manifest does not list: {extra[0]}…")
    for name, record in expected.items():
        if seen[name] != record:
            raise BackupError(f"{path}: {name} does not match its checksum (corrupt archive).")
    if rows is not None and rows != manifest["database"]["rows"]:
        raise BackupError(f"{path}: the database rows do not match the manifest's counts.")


def restore(path, *, force=False, storage=None, log=lambda message: None):
    """Rebuild this install from the archive at `path`; return its manifest.

    Verifies the whole archive first. Refuses a database holding content or accounts, or a
    media storage holding files, unless `force` (then the database's rows are replaced and
    files of the same name overwritten).
    """
    storage = storage or default_storage
    manifest = verify(path)
    log(f"verified {path}: {len(manifest['members'])} files match the manifest")
    database = manifest["database"]
    if database["method"] == "pg_dump" and not dbdump.is_postgresql():
        raise BackupError(
            f"{path} holds a PostgreSQL dump; set DATABASE_URL to a PostgreSQL database."
        )
    if not force:
        if dbdump.has_content():
            raise BackupError(
                "The database already holds content or accounts. Restore into an empty "
                "database, or pass --force to replace everything in it."
            )
        if next(storage_files(storage), None) is not None:
            raise BackupError(
                "The media storage already holds files. Restore into an empty one, or pass "
                "--force to overwrite files of the same name."
            )
    media = 0
    # Random access this time: storages such as S3 want a seekable file to upload.
    with tarfile.open(path, "r:") as tar:
        for member in tar:
            stream = tar.extractfile(member)
            if member.name == dbdump.ROWS_MEMBER:
                dbdump.load_rows(stream, database["migrations"])
                log(f"database: {sum(database['rows'].values())} rows loaded")
            elif member.name == dbdump.PG_DUMP_MEMBER:
                dbdump.load_postgresql(stream)
                _check_counts(database["rows"])
                log(f"database: {sum(database['rows'].values())} rows restored")
            elif member.name.startswith(MEDIA_PREFIX):
                name = member.name.removeprefix(MEDIA_PREFIX)
                _write_file(storage, name, stream, member.size)
                media += 1
    log(f"media: {media} files written")
    try:
        cache.clear()  # pages cached from the previous content must not be served,
        caching.purge({caching.keys.ALL}, hard=True)  # nor the front-end caches' copies
    except Exception as error:  # noqa: BLE001 -- the cache is an accelerator; say so and go on
        log(f"warning: the cache could not be cleared ({error}); clear it by hand")
    return manifest


def _check_counts(expected):
    actual = dbdump.content_row_counts()
    wrong = sorted(label for label, count in expected.items() if actual.get(label) != count)
    if wrong:
        raise BackupError(
            f"After pg_restore, {wrong[0]} has {actual.get(wrong[0])} rows; the manifest says "
            f"{expected[wrong[0]]}."
        )


def _write_file(storage, name, stream, size):
    if storage.exists(name):
        storage.delete(name)
    content = File(stream, name=name)
    content.size = size
    stored = storage.save(name, content)
    if stored != name:
        raise BackupError(f"The storage saved {name} as {stored}.")
