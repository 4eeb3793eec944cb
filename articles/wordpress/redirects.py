"""Old WordPress addresses → new ones, as django.contrib.redirects rows (301 on a 404)."""

from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.redirects.models import Redirect
from django.utils.encoding import escape_uri_path

OLD_PATH_MAX = Redirect._meta.get_field("old_path").max_length
BATCH = 500


def request_path(url):
    """The path of `url` as `request.get_full_path()` spells it (WordPress writes %c3%a9)."""
    return escape_uri_path(unquote(urlsplit(url).path or "/"))


class Redirects:
    """Collects the redirects of a run and writes them in bulk, updating rows already there."""

    def __init__(self):
        self.wanted = {}
        self.too_long = []

    def add(self, old_url, new_path):
        """Redirect `old_url`'s path, with and without its trailing slash, to `new_path`."""
        parts = urlsplit(old_url)
        if parts.query and parts.path in ("", "/"):
            return  # ?p=123 and friends: answered by the view in articles.wordpress.views
        path = request_path(old_url)
        if path == "/":
            return
        twin = path.rstrip("/") if path.endswith("/") else f"{path}/"
        for candidate in (path, twin):
            # The same address (give or take the slash) is not a redirect: CommonMiddleware
            # already adds a missing slash.
            if candidate.rstrip("/") == new_path.rstrip("/") or not candidate.strip("/"):
                continue
            if len(candidate) > OLD_PATH_MAX:
                self.too_long.append(candidate)
                continue
            self.wanted[candidate] = new_path

    def save(self):
        """Write the collected redirects; returns (created, updated, unchanged) counts."""
        created = updated = unchanged = 0
        paths = list(self.wanted)
        for start in range(0, len(paths), BATCH):
            chunk = paths[start : start + BATCH]
            existing = {
                r.old_path: r
                for r in Redirect.objects.filter(site_id=settings.SITE_ID, old_path__in=chunk)
            }
            new, changed = [], []
            for old_path in chunk:
                row = existing.get(old_path)
                if row is None:
                    new.append(
                        Redirect(
                            site_id=settings.SITE_ID,
                            old_path=old_path,
                            new_path=self.wanted[old_path],
                        )
                    )
                elif row.new_path != self.wanted[old_path]:
                    row.new_path = self.wanted[old_path]
                    changed.append(row)
                else:
                    unchanged += 1
            Redirect.objects.bulk_create(new)
            Redirect.objects.bulk_update(changed, ["new_path"])
            created, updated = created + len(new), updated + len(changed)
        return created, updated, unchanged
