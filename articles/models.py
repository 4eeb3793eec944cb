import secrets
from datetime import timedelta
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from newsroom.images import validate_image_upload
from newsroom.site_url import absolute_url
from newsroom.slugs import unique_slug

from . import richtext
from .querysets import ArticleQuerySet, PublishedCopyQuerySet

# Characters reverse() leaves unquoted in a path (django.urls.resolvers).
PATH_SAFE = RFC3986_SUBDELIMS + "/~:@"
# See Article.last_update.
UPDATE_GRACE = timedelta(minutes=10)


class Section(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Lower comes first.")
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        # As Article.get_absolute_url: the section links of every page, without reverse().
        return f"{get_script_prefix()}sections/{quote(self.slug, safe=PATH_SAFE)}/"


class Photo(models.Model):
    """A cover photo in the library; one photo may illustrate several articles.

    `image` is the stored original, re-encoded on upload without its metadata; `renditions`
    records every resized and cropped file (see `articles.images.process_photo`), so pages read
    URLs and sizes from this row without touching storage.
    """

    image = models.ImageField(
        _("image"), upload_to="photos/%Y/%m/", validators=[validate_image_upload]
    )
    alt_text = models.CharField(
        _("alt text"),
        max_length=250,
        help_text=_("Describes the image for readers who cannot see it."),
    )
    caption = models.TextField(_("caption"), blank=True)
    credit = models.CharField(
        _("credit"), max_length=200, blank=True, help_text=_('For example "Wikimedia Commons".')
    )
    source_url = models.URLField(_("source URL"), blank=True)
    licence = models.CharField(
        _("licence"), max_length=120, blank=True, help_text=_('For example "CC BY-SA 4.0".')
    )
    width = models.PositiveIntegerField(_("width"), null=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, editable=False)
    focal_x = models.FloatField(
        _("focal point x"),
        default=0.5,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=_("0 is the left edge, 1 the right; crops are centred here."),
    )
    focal_y = models.FloatField(
        _("focal point y"),
        default=0.5,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=_("0 is the top edge, 1 the bottom."),
    )
    renditions = models.JSONField(default=dict, blank=True, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.alt_text[:60]

    def renditions_of(self, kind):
        """Records of the full-frame renditions in "jpeg" or "webp", narrowest first."""
        return (self.renditions or {}).get("widths", {}).get(kind, [])

    def crop(self, name):
        """The record of a crop: "16x9", "4x3", "1x1" or "social"; None before processing."""
        return (self.renditions or {}).get("crops", {}).get(name)

    def rendition_url(self, name):
        """URL of a crop ("16x9", "4x3", "1x1", "social") as storage gave it; "" if missing."""
        record = self.crop(name)
        return record["url"] if record else ""

    @property
    def has_renditions(self):
        return bool(self.renditions_of("jpeg"))

    @property
    def thumbnail_url(self):
        """The narrowest JPEG rendition, for admin lists; the original until renditions exist."""
        jpegs = self.renditions_of("jpeg")
        return jpegs[0]["url"] if jpegs else (self.image.url if self.image else "")

    @property
    def social_card_url(self):
        """Absolute URL of the 1200 × 630 card for og:image / twitter:image; "" if missing."""
        return absolute_url(self.rendition_url("social"))

    @property
    def structured_data_urls(self):
        """Absolute URLs of the 16:9, 4:3 and 1:1 crops, for the JSON-LD `image` list."""
        return [
            absolute_url(self.rendition_url(name))
            for name in ("16x9", "4x3", "1x1")
            if self.crop(name)
        ]

    def _enclosure_record(self):
        jpegs = self.renditions_of("jpeg")
        if not jpegs:
            return None
        return ([record for record in jpegs if record["width"] <= 1200] or jpegs[:1])[-1]

    @property
    def enclosure(self):
        """(absolute URL, byte length, MIME type) of a JPEG at most 1200 wide, for RSS; or None."""
        record = self._enclosure_record()
        return record and (absolute_url(record["url"]), record["bytes"], record["mime"])

    @property
    def enclosure_size(self):
        """(width, height) of the `enclosure` image; None when there is none."""
        record = self._enclosure_record()
        return record and (record["width"], record["height"])


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")

    headline = models.CharField(_("headline"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        blank=True,
        help_text=_("Filled from the headline when blank."),
    )
    dek = models.TextField(_("dek"), blank=True, help_text=_("The standfirst under the headline."))
    body = models.TextField(_("body"), blank=True)
    section = models.ForeignKey(
        Section,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name=_("section"),
    )
    authors = models.ManyToManyField(
        "authors.Author",
        through="Byline",
        related_name="articles",
        blank=True,
        verbose_name=_("authors"),
    )
    # Through a link with a real foreign key (`ArticleTag`, reached as `tag_links`), not
    # taggit's generic one, so tag pages can page through one index of the tag's stories.
    tags = TaggableManager(through="ArticleTag", blank=True)
    cover_photo = models.ForeignKey(
        Photo,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name=_("cover photo"),
    )
    related = models.ManyToManyField(
        "self",
        through="RelatedArticle",
        symmetrical=False,
        related_name="+",
        blank=True,
        verbose_name=_("Don't Miss"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        help_text=_("Publication time; in the future, the article is scheduled."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Editorial workflow: who first put the article out, and when it first went (or goes) live.
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="published_articles",
        verbose_name=_("published by"),
    )
    first_published_at = models.DateTimeField(
        _("first published at"), null=True, blank=True, editable=False
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-publish_at"], name="article_status_publish"),
            # Section pages count and page through one section's published stories.
            models.Index(
                fields=["section", "status", "-publish_at"], name="article_section_publish"
            ),
            # The editors' desk lists the latest worked-on stories first.
            models.Index(fields=["-updated_at", "-id"], name="article_desk_order"),
            # The copy desk looks for another article with the same headline on every check.
            models.Index(Lower("headline"), name="article_headline_lower"),
        ]
        permissions = [("publish_article", "Can publish, schedule and unpublish articles")]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.headline)
        self.body = richtext.sanitize(self.body)
        if self.status == self.Status.PUBLISHED and self.publish_at is None:
            self.publish_at = timezone.now()
        super().save(*args, **kwargs)
        self.sync_links()

    def get_absolute_url(self):
        # From the row's own columns, not through reverse(): listings, feeds and sitemaps ask
        # every story for it, and reverse() was a fifth of a sitemap's time. The path is the
        # URL contract's (DESIGN.md); tests/test_urls.py holds it equal to reverse()'s answer.
        when = timezone.localtime(self.publish_at or self.created_at or timezone.now())
        return f"{get_script_prefix()}{when:%Y/%m/%d}/{quote(self.slug, safe=PATH_SAFE)}/"

    def clean(self):
        if self.status == self.Status.PUBLISHED and self.publish_at is None:
            raise ValidationError(
                {"publish_at": _("A published article needs a publication time.")}
            )

    def sync_links(self):
        """Copy status and publish_at onto the article's bylines and tag links.

        Tag and author pages, their feeds and the sitemaps filter and order by these copies
        (see `PublishedCopy`), so they must follow every save; the filter makes an unchanged
        article cost two indexed no-op updates. Bulk `QuerySet.update()` of either field
        bypasses this and must call it.
        """
        if self.pk is None:
            return
        stale = ~models.Q(status=self.status) | ~models.Q(publish_at=self.publish_at)
        for links in (self.bylines, self.tag_links):
            links.filter(stale).update(status=self.status, publish_at=self.publish_at)

    @property
    def is_published(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at > timezone.now()
        )

    def last_update(self, last_corrected_at=None):
        """When the story last changed after publication (an edit or a correction), or None.

        Saving an article as it is published stamps `updated_at` a moment later; changes within
        UPDATE_GRACE of publication are part of publishing, not an update readers are told about.
        """
        published_at = self.publish_at or self.created_at
        changed = max(filter(None, [self.updated_at, last_corrected_at]))
        return changed if changed - published_at > UPDATE_GRACE else None

    @property
    def tag_list(self):
        """Tags in name order; reads the prefetch from `for_listing()` when present."""
        return sorted((link.tag for link in self.tag_links.all()), key=lambda tag: tag.name)

    @property
    def tag_links_with_tags(self):
        """The tag links with their tags in one query (revisions follow this)."""
        return self.tag_links.select_related("tag")

    @property
    def byline_authors(self):
        """Authors in byline order; reads the prefetch from `for_listing()` when present."""
        return [byline.author for byline in self.bylines.all()]


class PublishedCopy(models.Model):
    """A link row (byline, tag link) carrying copies of its article's `status` and `publish_at`.

    With them an author's or a tag's published stories, newest first, are one range of an
    index on the link table, whatever the size of the archive: no join over every article, no
    sort. The copies are taken when the link is saved and refreshed by `Article.save()`; the
    published rule itself (`publish_at <= now`) is applied when reading, so scheduled stories
    appear on time with no cron.
    """

    status = models.CharField(
        max_length=12, choices=Article.Status.choices, default=Article.Status.DRAFT, editable=False
    )
    publish_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PublishedCopyQuerySet.as_manager()

    class Meta:
        abstract = True

    def copy_article_state(self, article):
        self.status, self.publish_at = article.status, article.publish_at


class Byline(PublishedCopy):
    """One author's credit on an article; `position` orders several bylines."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="bylines", verbose_name=_("article")
    )
    author = models.ForeignKey(
        "authors.Author",
        on_delete=models.PROTECT,
        related_name="bylines",
        verbose_name=_("author"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="unique_byline_per_article")
        ]
        indexes = [
            models.Index(fields=["author", "status", "-publish_at"], name="byline_author_publish")
        ]

    def __str__(self):
        return str(self.author)

    def save(self, *args, **kwargs):
        self.copy_article_state(self.article)
        super().save(*args, **kwargs)


class ArticleTag(PublishedCopy, TaggedItemBase):
    """One tag on one article (taggit's link through model, with a real foreign key)."""

    content_object = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="tag_links")

    class Meta:
        verbose_name = "tag link"
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_tag_per_article")
        ]
        indexes = [
            models.Index(fields=["tag", "status", "-publish_at"], name="articletag_tag_publish")
        ]

    def __str__(self):
        # taggit's own names the article and the tag, a query each when not loaded; revisions
        # label every link, so this reads only the link's own columns.
        return f"tag {self.tag_id} on article {self.content_object_id}"

    def save(self, *args, **kwargs):
        self.copy_article_state(self.content_object)
        super().save(*args, **kwargs)


class RelatedArticle(models.Model):
    """An editor's "Don't Miss" pick, in the order the editor chose."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="related_links", verbose_name=_("article")
    )
    related = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="+", verbose_name=_("related story")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("Don't Miss story")
        verbose_name_plural = _("Don't Miss stories")
        constraints = [
            models.UniqueConstraint(fields=["article", "related"], name="unique_related_article"),
            models.CheckConstraint(
                condition=~models.Q(article=models.F("related")), name="related_article_not_self"
            ),
        ]

    def __str__(self):
        return str(self.related)


class Correction(models.Model):
    """A dated note appended to an article after publication."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("article")
    )
    text = models.TextField(_("text"))
    corrected_at = models.DateTimeField(_("corrected at"), default=timezone.now)

    class Meta:
        ordering = ["corrected_at", "pk"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self):
        return self.text[:60]


class Page(models.Model):
    """A static page (About, Contact, Ethics policy…) at /pages/<slug>/.

    The body is sanitised with the article policy, so templates may mark it safe (rule 4).
    """

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        blank=True,
        help_text=_("Filled from the title when blank."),
    )
    body = models.TextField(_("body"), blank=True)
    is_in_footer = models.BooleanField(
        _("in the footer"), default=False, help_text=_("Link this page from every page's footer.")
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Order in the footer; lower comes first.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title)
        self.body = richtext.sanitize(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:page", kwargs={"slug": self.slug})


class SearchDocumentField(models.TextField):
    """The full-text document of a search-index row; filter it with `__match` (articles.search)."""


class SearchIndex(models.Model):
    """One article's searchable text, written only by `articles.search.reindex`.

    Not a Django-managed table: migration 0008 makes it an FTS5 virtual table on SQLite (whose
    rowid is the article id, and whose hidden column named like the table is the document) and,
    on PostgreSQL, a table of the same shape with a weighted, GIN-indexed tsvector column.
    """

    article = models.OneToOneField(
        Article,
        primary_key=True,
        db_column="rowid",
        db_constraint=False,
        on_delete=models.DO_NOTHING,
        related_name="search_index",
    )
    headline = models.TextField()
    dek = models.TextField()
    body = models.TextField()
    people = models.TextField()
    tags = models.TextField()
    section = models.TextField()
    document = SearchDocumentField(db_column="articles_searchindex")

    class Meta:
        managed = False
        db_table = "articles_searchindex"

    def __str__(self):
        return self.headline


class SlugRedirect(models.Model):
    """An article's former slug, kept so old URLs answer 301 to the current one."""

    old_slug = models.SlugField(max_length=200, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_slugs")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.old_slug


def new_preview_token():
    return secrets.token_urlsafe(24)


class PreviewLink(models.Model):
    """A link that lets anyone holding it read one unpublished article, until it expires, is
    revoked, or the article is published (then it leads to the public page)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="preview_links")
    token = models.CharField(max_length=64, unique=True, default=new_preview_token, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Preview of {self.article_id} ({self.token[:6]}…)"

    @property
    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()


# The importer's record of WordPress IDs lives with the importer; imported here so Django sees it.
from .wordpress.models import WordPressItem  # noqa: E402,F401
