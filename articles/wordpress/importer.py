"""The import run: read the export twice (an index, then the content), map, write, report.

The first pass only indexes: every post's old address and status and every attachment's file,
so that links, "Don't Miss" picks and featured images can be resolved whatever their order in
the file. Then photos are made (in a process pool), then each post is imported in its own
transaction (savepoint), committed in batches. Links and picks pointing at posts later in the
file are finished at the end. Every row is recorded in `WordPressItem`, so running again on the
same or a newer export updates the same rows.
"""

import html
import itertools
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import PurePosixPath
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _
from taggit.models import Tag

from authors.models import Author
from newsroom.slugs import unique_slug

from .. import search
from ..models import Article, ArticleTag, Byline, Page, Photo, RelatedArticle, Section
from . import photos
from .body import Converter, rewrite_stored_links
from .models import WordPressItem
from .redirects import Redirects
from .report import Report
from .wxr import WXRReader

Kind = WordPressItem.Kind
BATCH = 500
IMPORTED_TYPES = {"post", "page"}
STATUSES = {
    "publish": Article.Status.PUBLISHED,
    "future": Article.Status.PUBLISHED,
    "draft": Article.Status.DRAFT,
    "pending": Article.Status.REVIEW,
    "private": Article.Status.DRAFT,
}
SKIPPED_STATUSES = {"trash", "auto-draft", "inherit"}
SIZE_SUFFIX = re.compile(r"-\d+x\d+(?=\.[A-Za-z0-9]+$)")
ZERO_DATE = "0000-00-00 00:00:00"
MISSING = object()
PAGE_TITLE_MAX = 200


class Skip(Exception):
    """A post that cannot be imported; the message says why."""


@dataclass
class PostRef:
    post_type: str
    status: str
    link: str


@dataclass
class AttachmentRef:
    file: str
    title: str
    alt: str
    caption: str
    parent: int
    link: str


def parse_wp_date(value):
    """A WXR `post_date_gmt` as an aware datetime; None for WordPress's zero date."""
    value = (value or "").strip()
    if not value or value == ZERO_DATE:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        raise Skip(_("its date %(date)r is not a date") % {"date": value}) from None


def plain(text, limit=None):
    text = " ".join(html.unescape(strip_tags(text or "")).split())
    return text[:limit] if limit else text


def load_users(path):
    """The users list of /wp-json/wp/v2/users, by WordPress ID and by slug."""
    if not path:
        return {}, {}
    with open(path, encoding="utf-8") as handle:
        users = json.load(handle)
    if not isinstance(users, list):
        raise ValueError(_("the users file is not a JSON list"))
    by_id = {u["id"]: u for u in users if isinstance(u, dict) and "id" in u}
    by_slug = {u.get("slug"): u for u in users if isinstance(u, dict) and u.get("slug")}
    return by_id, by_slug


class Importer:
    def __init__(self, path, *, uploads=None, users=None, dry_run=False, progress=None):
        self.path = path
        self.uploads = uploads
        self.users_by_id, self.users_by_slug = load_users(users)
        self.dry_run = dry_run
        self.progress = progress or (lambda done, total: None)
        self.report = Report()
        self.redirects = Redirects()
        # Pass one.
        self.site = None
        self.posts = {}  # WordPress ID → PostRef
        self.paths = {}  # old path without trailing slash → WordPress ID
        self.attachments = {}  # WordPress ID → AttachmentRef
        self.files = {}  # path under uploads → attachment ID
        self.children = {}  # parent ID → [attachment IDs], for [gallery] without ids
        self.body_uploads = set()  # uploads named by <img> in bodies that no attachment owns
        self.total = 0
        self.hosts = set()
        # Pass two.
        self.mapping = {}  # (kind, key) → object id
        self.urls = {}  # WordPress ID → new URL of a public article or page
        self.photo_cache = {}
        self.photo_problems = {}  # (kind, key) → why there is no photo
        self.pending_links = []  # article IDs whose bodies link to posts imported later
        self.pending_picks = []  # (article ID, [WordPress IDs])
        self.tags = {}  # (WXR domain, term slug) → Tag
        self.sections = {}  # category slug → Section
        self.authors = {}  # login → Author (None when the export does not list the login)
        self.author_paths = {}  # WordPress author nicename → new author page
        # What the current post added to the dictionaries above, undone if its savepoint is.
        self.journal = []

    # The run

    def run(self):
        reader = WXRReader(self.path)
        self._index(reader)
        if self.dry_run:
            with transaction.atomic():
                self._import()
                transaction.set_rollback(True)
        else:
            self._import()
        return self.report

    def _import(self):
        self.site_key = (self.site.base_site_url or self.site.link)[:200]
        self.mapping = {
            (kind, key): object_id
            for kind, key, object_id in WordPressItem.objects.filter(
                site=self.site_key
            ).values_list("kind", "key", "object_id")
        }
        self._import_photos()
        self.journal = []
        done = 0
        reader = WXRReader(self.path)
        items = reader.items()
        while True:
            chunk = list(itertools.islice(items, BATCH))
            if not chunk:
                break
            with transaction.atomic(), search.indexing_deferred():
                for item in chunk:
                    self._import_item(item)
                    done += 1
                    self.progress(done, self.total)
        with transaction.atomic(), search.indexing_deferred():
            self._finish_links_and_picks()
            self._term_and_site_redirects()
            created, updated, unchanged = self.redirects.save()
        self.report.count(_("redirects"), _("created"), created)
        self.report.count(_("redirects"), _("updated"), updated)
        self.report.count(_("redirects"), _("unchanged"), unchanged)
        for path in self.redirects.too_long:
            self.report.add(
                _("redirect"), None, "", _("%(path)s is too long to keep") % {"path": path}
            )

    # Pass one: the index

    def _index(self, reader):
        for item in reader.items():
            self.total += 1
            if self.site is None:
                self.site = reader.site
                self.hosts = self._site_hosts()
            if item.wp_id is None:
                continue
            if item.post_type == "attachment":
                file = item.meta.get("_wp_attached_file") or photos.upload_path(item.attachment_url)
                self.attachments[item.wp_id] = AttachmentRef(
                    file=file or "",
                    title=plain(item.title),
                    alt=plain(item.meta.get("_wp_attachment_image_alt", "")),
                    caption=plain(item.excerpt),
                    parent=item.post_parent,
                    link=item.link,
                )
                if file:
                    self.files[file] = item.wp_id
                self.children.setdefault(item.post_parent, []).append(item.wp_id)
            self.posts[item.wp_id] = PostRef(item.post_type, item.status, item.link)
            for url in (item.link, item.guid):
                if url and urlsplit(url).hostname in self.hosts and not urlsplit(url).query:
                    self.paths.setdefault(self._path_key(url), item.wp_id)
            if item.post_type in IMPORTED_TYPES:
                for src in re.findall(r"<img\b[^>]*\bsrc=[\"']([^\"']+)", item.content or ""):
                    relative = self._own_upload(src)
                    if relative and self._attachment_for_file(relative) is None:
                        self.body_uploads.add(relative)
        if self.site is None:
            self.site = reader.site
        self.hosts = self._site_hosts()

    def _site_hosts(self):
        hosts = set()
        for url in (self.site.base_site_url, self.site.base_blog_url, self.site.link):
            host = (urlsplit(url).hostname or "").lower()
            if host:
                hosts |= {host, host.removeprefix("www."), "www." + host.removeprefix("www.")}
        return hosts

    def _path_key(self, url):
        return unquote(urlsplit(url).path).rstrip("/") or "/"

    def _own_upload(self, url):
        parts = urlsplit(url)
        if parts.hostname and parts.hostname.lower() not in self.hosts:
            return None
        return photos.upload_path(url) if photos.UPLOADS_MARKER in parts.path else None

    def _attachment_for_file(self, relative):
        return self.files.get(relative) or self.files.get(SIZE_SUFFIX.sub("", relative))

    # Photos

    def _import_photos(self):
        jobs, fields = [], {}
        for wp_id, ref in self.attachments.items():
            if not photos.is_image_name(ref.file):
                continue
            fields[(Kind.ATTACHMENT, str(wp_id))] = (ref, wp_id)
        for relative in self.body_uploads:
            fields[(Kind.UPLOAD, relative)] = (None, relative)
        for key, (ref, ident) in fields.items():
            if key in self.mapping:
                self.report.count(_("photos"), _("already imported"))
                continue
            relative = ref.file if ref else ident
            problem = None
            try:
                path = photos.resolve_inside(self.uploads, relative) if self.uploads else None
            except photos.UnsafePath:
                path, problem = (
                    None,
                    _("its path %(path)s leads outside the uploads folder") % {"path": relative},
                )
            if path is None or not path.is_file():
                problem = problem or photos.missing_message(relative, self.uploads)
                self._photo_failed(key, ref, ident, problem, _("missing"))
                continue
            jobs.append((key, str(path), self.dry_run))
        for key, values, refusal in photos.render_all(jobs):
            ref, ident = fields[key]
            if refusal:
                self._photo_failed(key, ref, ident, refusal, _("refused"))
                continue
            with transaction.atomic():
                photo = Photo.objects.create(
                    alt_text=((ref.alt or ref.title) if ref else "")[:250]
                    or PurePosixPath(str(ident)).stem,
                    caption=ref.caption if ref else "",
                    **values,
                )
                self._remember(key[0], key[1], photo.pk)
            self.report.count(_("photos"), _("created"))

    def _photo_failed(self, key, ref, ident, problem, outcome):
        self.photo_problems[key] = problem
        self.report.count(_("photos"), outcome)
        title = ref.title if ref else ""
        what = _("attachment") if ref else _("image")
        self.report.add(what, ident, title, problem)

    def photo(self, key):
        object_id = self.mapping.get(key)
        if object_id is None:
            return None
        if key not in self.photo_cache:
            self.photo_cache[key] = Photo.objects.filter(pk=object_id).first()
        return self.photo_cache[key]

    # What the body converter asks (see body.Converter)

    def photo_for_image(self, src, attachment_id, *, alt=""):
        """(Photo, None), or (None, why it is dropped), or (None, None) to keep the <img>."""
        key = None
        if attachment_id is not None and attachment_id in self.attachments:
            key = (Kind.ATTACHMENT, str(attachment_id))
        else:
            relative = self._own_upload(src) if src else None
            if relative:
                found = self._attachment_for_file(relative)
                key = (Kind.ATTACHMENT, str(found)) if found else (Kind.UPLOAD, relative)
        if key is None:
            if src:
                return None, None
            return None, _("a gallery names attachment %(id)s, which is not in the export") % {
                "id": attachment_id
            }
        photo = self.photo(key)
        if photo is None:
            reason = self.photo_problems.get(key, _("not imported"))
            return None, _("dropped image %(name)s: %(reason)s") % {
                "name": key[1],
                "reason": reason,
            }
        if alt and not photo.alt_text:
            photo.alt_text = alt[:250]
            photo.save(update_fields=["alt_text"])
        return photo, None

    def gallery_ids(self, wp_id):
        return self.children.get(wp_id, [])

    def is_own_url(self, url):
        parts = urlsplit(url or "")
        if not parts.scheme and not parts.netloc:
            return parts.path.startswith("/") or bool(parts.query)
        return (parts.hostname or "").lower() in self.hosts

    def post_id_for_url(self, url):
        if not self.is_own_url(url):
            return None
        parts = urlsplit(url)
        query = parse_qs(parts.query)
        for name in ("p", "page_id", "attachment_id"):
            if query.get(name) and query[name][0].isdigit():
                wp_id = int(query[name][0])
                return wp_id if wp_id in self.posts else None
        return self.paths.get(self._path_key(url))

    def new_url_for(self, url):
        """(new URL or None, whether the target is still to come in this run)."""
        wp_id = self.post_id_for_url(url)
        if wp_id is None:
            return None, False
        if wp_id in self.urls:
            return self.urls[wp_id], False
        ref = self.posts.get(wp_id)
        coming = ref is not None and ref.post_type in IMPORTED_TYPES and ref.status in STATUSES
        return None, coming

    # Pass two: posts and pages

    def _import_item(self, item):
        what = item.post_type or _("item")
        if item.post_type == "attachment":
            return
        if item.post_type not in IMPORTED_TYPES:
            self.report.count(_("skipped"), item.post_type or _("no type"))
            return
        if item.status in SKIPPED_STATUSES or item.status not in STATUSES:
            self.report.count(
                _("posts") if item.post_type == "post" else _("pages"),
                _("skipped (%(status)s)") % {"status": item.status or "?"},
            )
            return
        if item.post_type == "page" and (item.status != "publish" or item.password):
            # A static page has no unpublished state: importing it would publish it.
            status = "password" if item.password else item.status
            self.report.count(_("pages"), _("skipped (%(status)s)") % {"status": status})
            self.report.add(
                what, item.wp_id, plain(item.title), _("static pages are always public: left out")
            )
            return
        self.journal = []
        try:
            if item.wp_id is None:
                raise Skip(_("it has no wp:post_id"))
            with transaction.atomic():
                if item.post_type == "page":
                    outcome, notes = self._import_page(item)
                else:
                    outcome, notes = self._import_post(item)
        except (Skip, ValidationError, DatabaseError, ValueError, TypeError) as error:
            self._forget_post()
            message = error.messages[0] if isinstance(error, ValidationError) else str(error)
            self.report.count(_("posts") if item.post_type == "post" else _("pages"), _("failed"))
            self.report.add(
                what, item.wp_id, plain(item.title), _("skipped: %(why)s") % {"why": message}
            )
            return
        group = _("posts") if item.post_type == "post" else _("pages")
        self.report.count(group, outcome)
        for note in notes:
            self.report.add(what, item.wp_id, plain(item.title), note)

    def _dates(self, item):
        published = parse_wp_date(item.post_date_gmt)
        if published is None and item.status in ("publish", "future"):
            local = parse_wp_date(item.post_date)
            if local is None:
                raise Skip(_("it is published but has no date"))
            published = timezone.make_aware(local.replace(tzinfo=None))
        return published

    def _import_post(self, item):
        notes = []
        status = STATUSES[item.status]
        publish_at = self._dates(item) if status == Article.Status.PUBLISHED else None
        if item.status == "private":
            notes.append(_("private on WordPress: imported as a draft"))
        if item.password:
            status, publish_at = Article.Status.DRAFT, None
            notes.append(_("password-protected on WordPress: imported as a draft"))
        headline = plain(item.title, 200)
        if not headline:
            headline = plain(item.content, 80) or _("Untitled")
            notes.append(_("had no title: took %(title)r") % {"title": headline})
        author = self._author(item.creator)
        if author is None and item.creator:
            notes.append(_("unknown author %(login)r") % {"login": item.creator})
        cover = self._cover(item, notes)
        converter = Converter(self, item, authors=[author] if author else [], has_cover=bool(cover))
        body = converter.convert()
        notes += body.notes

        key = (Kind.POST, str(item.wp_id))
        article = self._mapped(Article, key)
        is_new = article is None
        article = article or Article()
        article.headline = headline
        article.dek = plain(item.excerpt)
        article.body = body.html
        article.status = status
        article.publish_at = publish_at
        if status == Article.Status.PUBLISHED:
            article.first_published_at = article.first_published_at or publish_at
        section_slug = self._section_slug(item)
        article.section = self._section_for(section_slug, item) if section_slug else None
        article.cover_photo = cover
        if not article.slug:
            article.slug = self._free_slug(Article, article, item.post_name)
        article.save()

        if not is_new:
            Byline.objects.filter(article=article).exclude(author=author).delete()
        if author and is_new:
            Byline.objects.create(article=article, author=author, position=0)
        elif author:
            Byline.objects.get_or_create(article=article, author=author, defaults={"position": 0})
        self._set_tags(article, self._tags(item, section_slug), is_new=is_new)
        if body.credit and cover is not None:
            if not cover.credit:
                cover.credit = body.credit[:200]
                cover.save(update_fields=["credit"])
            elif cover.credit != body.credit:
                notes.append(
                    _("credit line %(credit)r differs from the photo's credit")
                    % {"credit": body.credit}
                )
        if body.bio_author is not None and not body.bio_author.bio:
            body.bio_author.bio = body.bio
            body.bio_author.save(update_fields=["bio"])
        for href in body.unresolved_picks:
            notes.append(_("Don't Miss link %(href)s matches no imported post") % {"href": href})
        self._remember(Kind.POST, str(item.wp_id), article.pk)
        if body.pick_ids:
            # Picks an editor added after an earlier import stay unless the body names new ones.
            self.pending_picks.append((article.pk, body.pick_ids))
        if body.has_pending_links:
            self.pending_links.append(article.pk)
        if status == Article.Status.PUBLISHED:
            new_url = article.get_absolute_url()
            self._keep(self.urls, item.wp_id, new_url)
            self.redirects.add(item.link, new_url)
            if item.guid and item.guid != item.link and self.is_own_url(item.guid):
                self.redirects.add(item.guid, new_url)
            self._attachment_pages(item.wp_id, new_url)
        return (_("created") if is_new else _("updated")), notes

    def _import_page(self, item):
        notes = []
        converter = Converter(self, item, authors=[], has_cover=False)
        body = converter.convert()
        notes += body.notes
        slug = slugify(unquote(item.post_name))[:200].strip("-") or slugify(plain(item.title))[:200]
        if not slug:
            raise Skip(_("it has neither a slug nor a title"))
        key = (Kind.PAGE, str(item.wp_id))
        existing = self._mapped(Page, key)
        if existing is not None:
            slug = existing.slug
        page, created = Page.objects.update_or_create(
            slug=slug,
            defaults={"title": plain(item.title, PAGE_TITLE_MAX) or slug, "body": body.html},
        )
        self._remember(Kind.PAGE, str(item.wp_id), page.pk)
        new_url = page.get_absolute_url()
        self._keep(self.urls, item.wp_id, new_url)
        self.redirects.add(item.link, new_url)
        self._attachment_pages(item.wp_id, new_url)
        return (_("created") if created and existing is None else _("updated")), notes

    def _attachment_pages(self, parent_id, new_url):
        for attachment_id in self.children.get(parent_id, []):
            link = self.attachments[attachment_id].link
            if link:
                self.redirects.add(link, new_url)

    # Authors, sections, tags, covers

    def _keep(self, store, key, value):
        self.journal.append((store, key, store.get(key, MISSING)))
        store[key] = value

    def _forget_post(self):
        """Undo the current post's additions to the caches: its rows were rolled back."""
        for store, key, previous in reversed(self.journal):
            if previous is MISSING:
                store.pop(key, None)
            else:
                store[key] = previous
        self.journal = []
        self.photo_cache.clear()

    def _remember(self, kind, key, object_id):
        known = self.mapping.get((kind, key))
        if known == object_id:
            return
        if known is None:
            WordPressItem.objects.create(
                site=self.site_key, kind=kind, key=key, object_id=object_id
            )
        else:
            WordPressItem.objects.filter(site=self.site_key, kind=kind, key=key).update(
                object_id=object_id
            )
        self._keep(self.mapping, (kind, key), object_id)

    def _free_slug(self, model, instance, slug):
        """`slug` if no other row has it (one indexed lookup), else a numbered variant."""
        slug = slugify(unquote(slug))[: model._meta.get_field("slug").max_length].strip("-")
        if not slug:
            return ""
        if not model.objects.filter(slug=slug).exclude(pk=instance.pk).exists():
            return slug
        return unique_slug(instance, slug)

    def _set_tags(self, article, tags, *, is_new):
        """The article's tags, written as tag links without taggit's per-tag queries."""
        if is_new:
            wanted, current = {tag.pk for tag in tags}, set()
        else:
            wanted = {tag.pk for tag in tags}
            current = set(article.tag_links.values_list("tag_id", flat=True))
            article.tag_links.exclude(tag_id__in=wanted).delete()
        # bulk_create skips ArticleTag.save(), so each link gets its copy of the article's state.
        ArticleTag.objects.bulk_create(
            ArticleTag(
                content_object=article,
                tag_id=pk,
                status=article.status,
                publish_at=article.publish_at,
            )
            for pk in wanted - current
        )

    def _author(self, login):
        if not login:
            return None
        key = (Kind.AUTHOR, login)
        if login in self.authors:
            return self.authors[login]
        source = self.site.authors.get(login)
        if source is None:
            self._keep(self.authors, login, None)
            return None
        user = self.users_by_id.get(source.wp_id) or self.users_by_slug.get(login) or {}
        author = self._mapped(Author, key)
        created = author is None
        author = author or Author()
        author.name = (user.get("name") or source.display_name or login)[:120]
        author.email = source.email if "@" in source.email else author.email
        if not author.bio:
            author.bio = plain(user.get("description", ""))
        website = (user.get("url") or "").strip()
        site_root = (self.site.base_site_url or "").rstrip("/")
        if website.startswith(("http://", "https://")) and website.rstrip("/") != site_root:
            author.website = website[:200]
        if created:
            slug = slugify(user.get("slug") or login)[:140]
            author.slug = unique_slug(author, slug) if slug else ""
        author.save()
        self._remember(Kind.AUTHOR, login, author.pk)
        self._keep(self.authors, login, author)
        self._keep(self.author_paths, user.get("slug") or login, author.get_absolute_url())
        self.report.count(_("authors"), _("created") if created else _("updated"))
        return author

    def _section_slug(self, item):
        """The category that becomes the section: Yoast's primary one, else the first."""
        categories = [slug for domain, slug, _name in item.terms if domain == "category" and slug]
        primary = item.meta.get("_yoast_wpseo_primary_category", "").strip()
        if primary.isdigit():
            for term in self.site.terms.values():
                if term.taxonomy == "category" and term.wp_id == int(primary):
                    return term.slug
        return categories[0] if categories else None

    def _section_for(self, slug, item):
        if slug in self.sections:
            return self.sections[slug]
        key = (Kind.CATEGORY, slug)
        section = self._mapped(Section, key)
        if section is None:
            term = self.site.terms.get(("category", slug))
            name = (
                term.name
                if term
                else next(
                    (name for domain, s, name in item.terms if domain == "category" and s == slug),
                    slug,
                )
            )
            clean_slug = slugify(unquote(slug))[:80] or "section"
            name = plain(name)[:80] or clean_slug
            section = (
                Section.objects.filter(slug=clean_slug).first()
                or Section.objects.filter(name=name).first()
                or Section.objects.create(name=name, slug=clean_slug)
            )
            self._remember(Kind.CATEGORY, slug, section.pk)
            self.report.count(_("sections"), _("created"))
        self._keep(self.sections, slug, section)
        return section

    def _tags(self, item, section_slug):
        """Tags, and the categories that did not become the section."""
        tags = []
        for domain, slug, name in item.terms:
            if domain not in ("post_tag", "category") or not slug or slug == section_slug:
                continue
            if (domain, slug) not in self.tags:
                name = plain(name)[:100] or slug
                tag = Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)
                self._keep(self.tags, (domain, slug), tag)
            tags.append(self.tags[(domain, slug)])
        return tags

    def _mapped(self, model, key):
        object_id = self.mapping.get(key)
        return model.objects.filter(pk=object_id).first() if object_id is not None else None

    def _cover(self, item, notes):
        thumbnail = item.meta.get("_thumbnail_id", "").strip()
        if not thumbnail.isdigit():
            return None
        key = (Kind.ATTACHMENT, thumbnail)
        photo = self.photo(key)
        if photo is None:
            reason = self.photo_problems.get(key) or _("attachment %(id)s is not in the export") % {
                "id": thumbnail
            }
            notes.append(_("no cover photo: %(reason)s") % {"reason": reason})
        return photo

    # The end of the run

    def _finish_links_and_picks(self):
        for article in Article.objects.filter(pk__in=self.pending_links):
            article.body = rewrite_stored_links(article.body, self)
            article.save(update_fields=["body", "updated_at"])
        for article_id, wp_ids in self.pending_picks:
            wanted = [
                self.mapping[(Kind.POST, str(wp_id))]
                for wp_id in wp_ids
                if (Kind.POST, str(wp_id)) in self.mapping
            ]
            wanted = [pk for pk in dict.fromkeys(wanted) if pk != article_id]
            current = list(
                RelatedArticle.objects.filter(article_id=article_id).values_list(
                    "related_id", flat=True
                )
            )
            if current == wanted:
                continue
            RelatedArticle.objects.filter(article_id=article_id).delete()
            RelatedArticle.objects.bulk_create(
                RelatedArticle(article_id=article_id, related_id=pk, position=position)
                for position, pk in enumerate(wanted)
            )

    def _term_and_site_redirects(self):
        base = urlsplit(self.site.base_blog_url or self.site.link).path.rstrip("/")
        root = f"{self.site.base_blog_url or self.site.link}".rstrip("/")
        for (taxonomy, slug), term in self.site.terms.items():
            if taxonomy == "category":
                if slug in self.sections:
                    target = self.sections[slug].get_absolute_url()
                elif ("category", slug) in self.tags:
                    target = tag_url(self.tags[("category", slug)])
                else:
                    continue
                chain, parent, seen = [slug], term.parent, set()
                while parent and parent not in seen:
                    seen.add(parent)
                    chain.insert(0, parent)
                    parent_term = self.site.terms.get(("category", parent))
                    parent = parent_term.parent if parent_term else ""
                paths = {f"/category/{'/'.join(chain)}/", f"/category/{slug}/"}
            elif ("post_tag", slug) in self.tags:
                target = tag_url(self.tags[("post_tag", slug)])
                paths = {f"/tag/{slug}/"}
            else:
                continue
            for path in paths:
                self.redirects.add(f"{root}{path}", target)
                self.redirects.add(f"{root}{path}feed/", f"{target}feed/")
        for nicename, target in self.author_paths.items():
            self.redirects.add(f"{root}/author/{nicename}/", target)
            self.redirects.add(f"{root}/author/{nicename}/feed/", f"{target}feed/")
        for wp_id, ref in self.attachments.items():
            photo = self.photo((Kind.ATTACHMENT, str(wp_id)))
            if ref.link and ref.parent not in self.urls and photo is not None:
                self.redirects.add(ref.link, photo.image.url)
        for path in ("/feed/rss/", "/feed/rss2/", "/feed/rdf/", "/feed/atom/", "/comments/feed/"):
            self.redirects.add(f"{root}{path}", "/feed/atom/" if "atom" in path else "/feed/")
        if base:
            self.redirects.add(f"{root}/feed/", "/feed/")


def tag_url(tag):
    return reverse("articles:tag", kwargs={"slug": tag.slug})
