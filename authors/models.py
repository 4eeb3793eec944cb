from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from newsroom.images import validate_image_upload
from newsroom.slugs import unique_slug


class Author(models.Model):
    """A byline: the public face of a reporter, with an optional link to their login."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True, blank=True)
    job_title = models.CharField(
        _("job title"), max_length=120, blank=True, help_text=_('For example "Journalist".')
    )
    location = models.CharField(
        _("location"),
        max_length=120,
        blank=True,
        help_text=_('For example "Caracas, Venezuela".'),
    )
    bio = models.TextField(
        _("bio"), blank=True, help_text=_("Plain text; blank lines separate paragraphs.")
    )
    photo = models.ImageField(
        _("photo"), upload_to="authors/%Y/", blank=True, validators=[validate_image_upload]
    )
    # The square crop made by `authors.images.process_author_photo`; read by pages as is.
    photo_renditions = models.JSONField(default=dict, blank=True, editable=False)
    website = models.URLField(_("website"), blank=True)
    x_handle = models.CharField(_("X / Twitter handle"), max_length=50, blank=True)
    mastodon = models.CharField(_("Mastodon address"), max_length=120, blank=True)
    bluesky = models.CharField(_("Bluesky handle"), max_length=120, blank=True)
    email = models.EmailField(
        _("email"), blank=True, help_text=_("Private: never shown on the public site.")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author",
        verbose_name=_("login"),
        help_text=_("The login that writes under this byline."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("authors:detail", kwargs={"slug": self.slug})

    @property
    def photo_square(self):
        """{"url", "width", "height", ...} of the square crop, or None before it is made."""
        return (self.photo_renditions or {}).get("crops", {}).get("1x1")

    @property
    def bio_paragraphs(self):
        return [p.strip() for p in self.bio.split("\n\n") if p.strip()]

    @property
    def public_links(self):
        """(label, url) pairs for the author box; never includes the private email."""
        links = []
        if self.website:
            links.append((_("Website"), self.website))
        if self.x_handle:
            links.append(("X", f"https://x.com/{self.x_handle.lstrip('@')}"))
        if self.bluesky:
            links.append(("Bluesky", f"https://bsky.app/profile/{self.bluesky.lstrip('@')}"))
        if self.mastodon and self.mastodon.count("@") == 2:
            user, host = self.mastodon.lstrip("@").split("@")
            links.append(("Mastodon", f"https://{host}/@{user}"))
        return links
