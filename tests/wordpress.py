"""Helpers for the WordPress importer tests: the fixture export and running the command."""

from io import StringIO
from pathlib import Path

from django.core.management import call_command

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "wordpress"
EXPORT = FIXTURE / "export.xml"
UPLOADS = FIXTURE / "uploads"
USERS = FIXTURE / "users.json"


def run_import(tmp_path, export=EXPORT, *, uploads=UPLOADS, users=USERS, dry_run=False):
    """Run `import_wordpress` and return (its output, the report file's text)."""
    report = tmp_path / "report.txt"
    args = [str(export), "--report", str(report)]
    if uploads:
        args += ["--uploads", str(uploads)]
    if users:
        args += ["--authors", str(users)]
    if dry_run:
        args.append("--dry-run")
    out = StringIO()
    call_command("import_wordpress", *args, stdout=out)
    return out.getvalue(), report.read_text(encoding="utf-8")


def edited_export(tmp_path, *replacements, name="export.xml"):
    """A copy of the fixture export with (old, new) text replacements applied."""
    text = EXPORT.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path
