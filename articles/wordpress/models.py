from django.db import models
from django.utils.translation import gettext_lazy as _


class WordPressItem(models.Model):
    """Which Newsroom row a WordPress item became, so that importing again updates in place.

    `key` is the WordPress ID for posts, pages and attachments, the login for authors, the slug
    for categories and tags, and the path under the uploads folder for images that no
    attachment describes.
    """

    class Kind(models.TextChoices):
        POST = "post", _("post")
        PAGE = "page", _("page")
        ATTACHMENT = "attachment", _("attachment")
        UPLOAD = "upload", _("uploaded file")
        AUTHOR = "author", _("author")
        CATEGORY = "category", _("category")
        TAG = "tag", _("tag")

    site = models.CharField(_("WordPress site"), max_length=200)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    key = models.CharField(max_length=255)
    object_id = models.PositiveBigIntegerField()
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "articles"
        verbose_name = _("imported WordPress item")
        constraints = [
            models.UniqueConstraint(fields=["site", "kind", "key"], name="unique_wordpress_item")
        ]
        indexes = [models.Index(fields=["kind", "key"], name="wordpress_item_lookup")]

    def __str__(self):
        return f"{self.kind} {self.key} → {self.object_id}"
