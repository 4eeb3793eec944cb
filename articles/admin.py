from functools import partial

import reversion
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Case, Count, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from taggit.models import Tag

from authors.models import Author
from newsroom.security.csp import nonced_media

from . import (
    copydesk,
    embeds,
    people,  # noqa: F401 (registers the user admin: logins, roles and bylines)
    preview,
    revision_views,
    workflow,
)
from .forms import ANYWAY_LABELS, ArticleAdminForm, PageAdminForm, RelatedArticleFormSet
from .images import delete_photo_files, process_photo
from .models import Article, ArticleTag, Byline, Correction, Page, Photo, RelatedArticle, Section

REVISION_COMMENTS = {
    workflow.SAVE: gettext_lazy("Saved"),
    workflow.SUBMIT: gettext_lazy("Submitted for review"),
    workflow.PUBLISH: gettext_lazy("Published"),
    workflow.SCHEDULE: gettext_lazy("Scheduled"),
    workflow.UNPUBLISH: gettext_lazy("Unpublished"),
}


PUBLICATION = gettext_lazy("Publication")


def time_zone_note():
    """The newsroom's time zone spelled out, for the publication time field."""
    now = timezone.localtime()
    return _(
        "Times are in the newsroom's time zone: %(zone)s (%(abbreviation)s, UTC%(offset)s)."
    ) % {
        "zone": settings.TIME_ZONE.replace("_", " "),
        "abbreviation": now.strftime("%Z"),
        "offset": date_format(now, "O")[:3] + ":" + date_format(now, "O")[3:],
    }


# The article list counts up to this many rows (see BoundedPaginator).
COUNT_CAP = 10_000
# Choices listed by the byline and tag filters, and how many latest stories rank the tags.
FILTER_CHOICES = 15
RECENT_FOR_TAGS = 500
# How many tag names the tags field suggests at once.
TAG_SUGGESTIONS = 10
# How many photos the body editor's picker shows at once.
BODY_PICKER_SIZE = 12


def body_photo_json(photo):
    """What the body editor needs to show a library photo and insert it."""
    return {
        "id": photo.pk,
        "thumbnail": photo.thumbnail_url,
        "src": embeds.photo_src(photo),
        "alt": photo.alt_text,
        "caption": photo.caption,
        "credit": photo.credit,
    }


def when(moment):
    """A publication time as the desk says it: "Tue 1 Dec, 9:00 a.m. EST"."""
    return date_format(timezone.localtime(moment), _("D j M, g:i a T"))


def confirmation(article, action):
    """What a workflow button did, and when the story goes (or went) live."""
    if action == workflow.SUBMIT:
        return _("Submitted for review: it is on the editors' desk.")
    if action == workflow.UNPUBLISH:
        return _("Unpublished: the story is a draft again and no longer on the site.")
    if article.is_scheduled:
        if action == workflow.SCHEDULE:
            return _("Scheduled for %(when)s. It goes live then by itself.") % {
                "when": when(article.publish_at)
            }
        return _("Saved. The story is scheduled for %(when)s.") % {"when": when(article.publish_at)}
    if article.is_published:
        if action == workflow.PUBLISH:
            return format_html(
                _("Published: live since {} at {}."),
                when(article.publish_at),
                format_html('<a href="{0}">{0}</a>', article.get_absolute_url()),
            )
        return _("Saved. The changes are live.")
    return _("Draft saved. It is not on the site.")


admin.site.site_header = settings.SITE_NAME
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = gettext_lazy("Editors' desk")


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    """Static pages, written with the articles' editor and sanitiser."""

    form = PageAdminForm
    list_display = ["title", "slug", "is_in_footer", "position", "updated_at"]
    list_editable = ["is_in_footer", "position"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title", "slug"]

    def render_change_form(self, request, context, *args, **kwargs):
        # The prose editor's one inline script runs only with the response's CSP nonce.
        context["media"] = nonced_media(request, context["media"])
        return super().render_change_form(request, context, *args, **kwargs)


class PhotoAdminForm(forms.ModelForm):
    # A plain FileField: Django's ImageField would answer every bad file with one vague message,
    # while the model's validator (newsroom.images.check_image) names the problem.
    image = forms.FileField(
        widget=AdminFileWidget,
        help_text="JPEG, PNG, WebP or GIF. Location and camera details are removed on upload.",
    )

    class Meta:
        model = Photo
        # PhotoAdmin adds the other fields from its fieldsets, with its formfield_overrides.
        fields = ["image", "focal_x", "focal_y"]
        widgets = {
            "focal_x": forms.NumberInput(attrs={"step": "0.001", "min": "0", "max": "1"}),
            "focal_y": forms.NumberInput(attrs={"step": "0.001", "min": "0", "max": "1"}),
        }


class BodyPhotoForm(PhotoAdminForm):
    """A photo uploaded from the body editor, straight into the library."""

    class Meta(PhotoAdminForm.Meta):
        fields = ["image", "alt_text", "caption", "credit"]


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    form = PhotoAdminForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "thumbnail",
        "alt_text",
        "credit",
        "licence",
        "width",
        "height",
        "article_count",
        "uploaded_at",
    ]
    list_display_links = ["thumbnail", "alt_text"]
    search_fields = ["alt_text", "caption", "credit"]
    readonly_fields = ["focal_point_picker", "focal_point_view", "width", "height", "uploaded_at"]
    actions = ["regenerate_renditions"]

    class Media:
        css = {"all": ["articles/focal_point.css"]}
        js = ["articles/focal_point.js"]

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("body-search/", view(self.body_search_view), name="articles_photo_body_search"),
            path("body-upload/", view(self.body_upload_view), name="articles_photo_body_upload"),
            *super().get_urls(),
        ]

    def body_search_view(self, request):
        """Library photos matching `q` (newest first), as the body editor's picker shows them."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        query = request.GET.get("q", "").replace("\x00", "").strip()[:100]
        photos = Photo.objects.order_by("-uploaded_at", "-pk")
        if query:
            photos = photos.filter(
                Q(alt_text__icontains=query)
                | Q(caption__icontains=query)
                | Q(credit__icontains=query)
            )
        return JsonResponse(
            {"results": [body_photo_json(photo) for photo in photos[:BODY_PICKER_SIZE]]}
        )

    def body_upload_view(self, request):
        """Add a photo to the library from the body editor; its JSON, or the form's errors."""
        if request.method != "POST":
            return JsonResponse(
                {"errors": {"__all__": [_("Send the photo with POST.")]}}, status=405
            )
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = BodyPhotoForm(request.POST, request.FILES)
        if not form.is_valid():
            return JsonResponse({"errors": form.errors}, status=400)
        photo = form.save(commit=False)
        process_photo(photo)
        return JsonResponse(body_photo_json(photo), status=201)

    def get_queryset(self, request):
        # A count per listed photo (a correlated subquery on the cover_photo index), not a
        # GROUP BY over every article: the list and the cover autocomplete stay cheap at 100k.
        uses = (
            Article.objects.filter(cover_photo=OuterRef("pk"))
            .order_by()
            .values("cover_photo")
            .annotate(total=Count("pk"))
            .values("total")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(article_total=Coalesce(Subquery(uses), 0))
            .order_by("-uploaded_at", "-pk")
        )

    @admin.display(description="Photo")
    def thumbnail(self, photo):
        return format_html(
            '<img src="{}" alt="" width="80" style="height:auto">', photo.thumbnail_url
        )

    @admin.display(description="Articles", ordering="article_total")
    def article_count(self, photo):
        return photo.article_total

    @admin.display(description=gettext_lazy("Preview"))
    def focal_point_picker(self, photo):
        """Click the photo (or, on a new photo, the chosen file's preview) to set the point."""
        return format_html(
            '<div class="focal-point-picker" data-x-input="id_focal_x" data-y-input="id_focal_y"'
            ' data-file-input="id_image"{}><img src="{}" alt="{}" draggable="false">'
            '<span class="focal-point-marker" aria-hidden="true"></span></div>'
            '<p class="help">{}</p>',
            mark_safe("" if photo.pk else " hidden"),
            photo.thumbnail_url if photo.pk else "",
            _("Click to set the focal point"),
            _(
                "Click on the subject that every crop must keep; the numbers below follow "
                "(0–1 from the left and from the top)."
            )
            if photo.pk
            else _(
                "Choose the file above; its preview appears here. Click on the subject that "
                "every crop must keep."
            ),
        )

    @admin.display(description=gettext_lazy("Focal point"))
    def focal_point_view(self, photo):
        """The focal point as a marker on the photo, for those who may not change it."""
        return format_html(
            '<div class="focal-point-picker focal-point-picker--view" data-x="{}" data-y="{}">'
            '<img src="{}" alt="{}"><span class="focal-point-marker" aria-hidden="true"></span>'
            '</div><p class="help">{}</p>',
            photo.focal_x,
            photo.focal_y,
            photo.thumbnail_url,
            photo.alt_text,
            _("Crops of this photo keep the marked spot."),
        )

    def get_fieldsets(self, request, obj=None):
        editable = obj is None or self.has_change_permission(request, obj)
        focal = ["focal_point_picker", ("focal_x", "focal_y")] if editable else ["focal_point_view"]
        return [
            (
                None,
                {"fields": ["image", "alt_text", "caption", "credit", "source_url", "licence"]},
            ),
            (_("Focal point"), {"fields": focal}),
            (_("File"), {"fields": [("width", "height"), "uploaded_at"]}),
        ]

    def save_model(self, request, obj, form, change):
        # Crops depend on the file and the focal point; other edits leave the renditions valid.
        if (
            not change
            or not obj.has_renditions
            or {"image", "focal_x", "focal_y"} & set(form.changed_data)
        ):
            process_photo(obj)
        else:
            super().save_model(request, obj, form, change)

    def delete_view(self, request, object_id, extra_context=None):
        photo = self.get_object(request, unquote(object_id))
        if photo is not None:
            headlines = [
                f"“{headline}”" for headline in photo.articles.values_list("headline", flat=True)
            ]
            if headlines:
                messages.error(
                    request,
                    f"This photo cannot be deleted: it is the cover photo of "
                    f"{', '.join(headlines)}. Choose another cover photo for those articles first.",
                )
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        delete_photo_files(obj)

    def delete_queryset(self, request, queryset):
        photos = list(queryset)
        super().delete_queryset(request, queryset)
        for photo in photos:
            delete_photo_files(photo)

    @admin.action(
        description="Regenerate renditions of the selected photos", permissions=["change"]
    )
    def regenerate_renditions(self, request, queryset):
        done = 0
        for photo in queryset:
            try:
                process_photo(photo)
            except OSError as error:  # a missing or unreadable stored file
                self.message_user(request, f"“{photo}”: {error}", messages.ERROR)
            else:
                done += 1
        self.message_user(request, f"Renditions regenerated for {done} photo(s).")


class SortableInline(admin.TabularInline):
    """Rows ordered by dragging (articles/admin/sortable_inlines.js), not by typing numbers."""

    formfield_overrides = {models.PositiveSmallIntegerField: {"widget": forms.HiddenInput}}
    extra = 1

    class Media:
        js = ["articles/admin/sortable_inlines.js"]


class BylineInline(SortableInline):
    model = Byline
    autocomplete_fields = ["author"]
    verbose_name = gettext_lazy("byline")


class RelatedArticleInline(SortableInline):
    model = RelatedArticle
    formset = RelatedArticleFormSet
    fk_name = "article"
    autocomplete_fields = ["related"]


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0


class PublicationStateFilter(admin.SimpleListFilter):
    """Status as the newsroom speaks of it: scheduled is published with a future time."""

    title = gettext_lazy("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", _("Draft")),
            ("review", _("In review")),
            ("scheduled", _("Scheduled")),
            ("live", _("Live")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "draft":
            return queryset.filter(status=Article.Status.DRAFT)
        if self.value() == "review":
            return queryset.filter(status=Article.Status.REVIEW)
        if self.value() == "scheduled":
            return queryset.scheduled()
        if self.value() == "live":
            return queryset.published()
        return queryset


class BoundedChoicesFilter(admin.SimpleListFilter):
    """A filter whose sidebar lists a bounded number of choices (newsrooms have thousands of
    tags); the chosen one is always listed. Filtering needs no DISTINCT: one row per match."""

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not value.isdigit():
            raise IncorrectLookupParameters(value)
        return queryset.filter(**{self.lookup: int(value)})


class BylineFilter(BoundedChoicesFilter):
    title = gettext_lazy("byline")
    parameter_name = "byline"
    lookup = "bylines__author_id"

    def lookups(self, request, model_admin):
        # The newsroom's own people (bylines with a login), and the chosen byline.
        chosen = self.value() if (self.value() or "").isdigit() else None
        authors = Author.objects.filter(Q(user__isnull=False) | Q(pk=chosen)).order_by("name")
        return [(str(author.pk), author.name) for author in authors[:FILTER_CHOICES]]


class TagFilter(BoundedChoicesFilter):
    title = gettext_lazy("tag")
    parameter_name = "tag"
    lookup = "tag_links__tag_id"

    def lookups(self, request, model_admin):
        # The tags most used on the latest stories the user may see (a reporter's list gives
        # no colleague's unpublished story away), and the chosen tag.
        visible = model_admin.get_queryset(request).order_by("-updated_at", "-pk")
        recent = visible.values("pk")[:RECENT_FOR_TAGS]
        common = (
            ArticleTag.objects.filter(content_object_id__in=recent)
            .values("tag_id")
            .annotate(uses=Count("pk"))
            .order_by("-uses", "tag_id")
            .values_list("tag_id", flat=True)[:FILTER_CHOICES]
        )
        ids = set(common)
        if (self.value() or "").isdigit():
            ids.add(int(self.value()))
        return [(str(tag.pk), tag.name) for tag in Tag.objects.filter(pk__in=ids).order_by("name")]


class BoundedPaginator(Paginator):
    """Counts at most COUNT_CAP rows (`SELECT COUNT(*) FROM (… LIMIT n)`), never a whole table of
    100,000 stories; pages beyond the cap are reached by filtering or searching."""

    @cached_property
    def count(self):
        counted = self.object_list[: COUNT_CAP + 1].count()
        self.is_capped = counted > COUNT_CAP
        return min(counted, COUNT_CAP)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    """The newsroom's article desk; roles are enforced here and in articles/workflow.py."""

    form = ArticleAdminForm
    list_display = ["story", "state", "time", "preview_column"]
    list_filter = [PublicationStateFilter, "section", BylineFilter, TagFilter]
    list_select_related = ["section"]
    list_per_page = 50
    # Latest worked-on first: drafts and stories in review have no publication time, and sorting
    # by it buried them under every published story (index article_desk_order).
    ordering = ["-updated_at", "-pk"]
    paginator = BoundedPaginator
    show_full_result_count = False
    search_fields = ["headline", "dek", "slug"]
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "cover_photo"]
    inlines = [BylineInline, RelatedArticleInline, CorrectionInline]
    actions = ["publish_selected", "unpublish_selected"]

    class Media:
        css = {"all": ["articles/admin/desk.css"]}
        js = ["articles/admin/tag_suggestions.js"]

    def get_queryset(self, request):
        articles = super().get_queryset(request).prefetch_related("bylines__author")
        return workflow.visible_to(request.user, articles)

    # Roles

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or workflow.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or workflow.can_edit(request.user, obj))

    def has_publish_permission(self, request):
        return workflow.can_publish(request.user)

    # The change form

    def get_fieldsets(self, request, obj=None):
        editable = obj is None or self.has_change_permission(request, obj)
        content = ["headline", "slug", "dek", "body"]
        if editable:
            content.append("loaded_version")
        return [
            (None, {"fields": content}),
            (
                _("Classification"),
                {"fields": ["section", "tags", "cover_photo", "cover_preview"]},
            ),
            (
                PUBLICATION,
                {"fields": ["status_label", "publish_at", "published_info", "preview_link"]},
            ),
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = ["status_label", "published_info", "preview_link", "cover_preview"]
        if not workflow.can_publish(request.user):
            fields.append("publish_at")
        return fields

    def get_inlines(self, request, obj):
        # A reporter cannot add corrections: spare them an empty Corrections heading.
        if request.user.has_perm("articles.add_correction") or (
            obj is not None and obj.corrections.exists()
        ):
            return self.inlines
        return [inline for inline in self.inlines if inline is not CorrectionInline]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user
        fields = form.base_fields
        if "headline" in fields:
            fields["headline"].widget.attrs.update(
                {"class": "desk-headline", "data-length-hint": copydesk.HEADLINE_MAX_LENGTH}
            )
        if "dek" in fields:
            fields["dek"].widget.attrs.update({"rows": 2, "class": "desk-dek"})
        if "publish_at" in fields:
            fields["publish_at"].help_text = time_zone_note()
        if "tags" in fields:
            fields["tags"].widget.attrs.update(
                {
                    "autocomplete": "off",
                    "data-suggest-url": reverse("admin:articles_article_tag_suggestions"),
                }
            )
        return form

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        editable = add or self.has_change_permission(request, obj)
        actions = workflow.allowed_actions(request.user, obj) if editable else []
        form = context["adminform"].form
        if form.is_bound:
            warnings = form.copydesk_warnings
        elif obj is not None:
            warnings = copydesk.review(
                copydesk.Copy.from_article(
                    obj,
                    headline_taken=Article.objects.with_headline(obj.headline)
                    .exclude(pk=obj.pk)
                    .exists(),
                )
            )
        else:
            warnings = []
        anyway = None
        if warnings and form.copydesk_blocked:
            anyway = (f"{form.action}:anyway", ANYWAY_LABELS[form.action])
        elif warnings and workflow.PUBLISH in dict(actions):
            anyway = (f"{workflow.PUBLISH}:anyway", ANYWAY_LABELS[workflow.PUBLISH])
        context.update(
            workflow_actions=actions,
            copydesk_warnings=warnings,
            copydesk_blocked=form.copydesk_blocked,
            anyway_action=anyway,
            publication_fieldset=PUBLICATION,
        )
        context["media"] = nonced_media(request, context["media"])
        return super().render_change_form(request, context, add, change, form_url, obj)

    def view_on_site(self, article):
        """The live page; before publication, a preview link (or the page that makes one)."""
        if article.is_published:
            return article.get_absolute_url()
        link = preview.active_links(article).first()
        if link is not None:
            return preview.link_url(link)
        return reverse("admin:articles_article_preview_links", args=[article.pk])

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Django honours "_saveasnew" even with save_as off: it would copy any story.
        if request.method == "POST" and "_saveasnew" in request.POST and not self.save_as:
            return HttpResponseBadRequest(_("“Save as new” is not available. Nothing was saved."))
        # One revision per save holds the article with its bylines, tags and corrections.
        with reversion.create_revision():
            reversion.set_user(request.user)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        before = Article.objects.filter(pk=obj.pk).first() if change else None
        workflow.carry_out(
            obj, form.action, request.user, publish_at=form.requested_publish_at, now=form.now
        )
        if before is not None:
            workflow.remember_old_slug(obj, before.slug, was_live=before.is_published)
        reversion.set_comment(str(REVISION_COMMENTS[form.action]))
        # Said instead of Django's "was changed successfully" (see message_user).
        request.desk_confirmation = confirmation(obj, form.action)
        for warning in form.copydesk_warnings:
            messages.warning(request, _("Copy desk: %(warning)s") % {"warning": warning})

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        confirmation_text = getattr(request, "desk_confirmation", None)
        if confirmation_text and level == messages.SUCCESS:
            message, request.desk_confirmation = confirmation_text, None
        super().message_user(request, message, level, *args, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            workflow.add_own_byline(form.instance, request.user)
        # The revision followed the bylines and tags as they were when the article row was
        # saved, before the inlines and tags were; record them as saved.
        reversion.add_to_revision(form.instance)
        if not workflow.can_edit(request.user, form.instance):
            messages.warning(
                request,
                _(
                    "You hold no byline on this article, so you can no longer edit it. An editor "
                    "can link your login to a byline under Authors."
                ),
            )

    def response_add(self, request, obj, post_url_continue=None):
        return super().response_add(self._stay_on_form(request), obj, post_url_continue)

    def response_change(self, request, obj):
        return super().response_change(self._stay_on_form(request), obj)

    @staticmethod
    def _stay_on_form(request):
        """Workflow buttons return to the form, where the warnings and preview link are."""
        if "_workflow" in request.POST and "_continue" not in request.POST:
            request.POST = request.POST.copy()
            request.POST["_continue"] = "1"
        return request

    # Bulk actions (editors only: the "publish" permission is has_publish_permission)

    def changelist_view(self, request, extra_context=None):
        # Django quietly ignores an action the user lacks; say so, so a refusal is never silent.
        action = request.POST.get("action")
        if request.method == "POST" and action and action not in self.get_actions(request):
            messages.error(request, "You are not allowed to do that. Nothing was changed.")
            return redirect(request.get_full_path())
        return super().changelist_view(request, extra_context)

    @admin.action(
        description=gettext_lazy("Publish selected articles now"), permissions=["publish"]
    )
    def publish_selected(self, request, queryset):
        articles = [
            article
            for article in queryset.prefetch_related("tags").select_related("cover_photo")
            if not article.is_published
        ]
        taken = Article.objects.filter(pk__in=[a.pk for a in articles]).headline_duplicates()
        published, held = 0, []
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(_("Published (bulk action)"))
            for article in articles:
                copy = copydesk.Copy.from_article(article, headline_taken=article.pk in taken)
                if copydesk.review(copy):
                    held.append(article.headline)
                    continue
                workflow.publish(article, request.user)
                published += 1
        messages.success(
            request,
            ngettext("Published %(count)d article.", "Published %(count)d articles.", published)
            % {"count": published},
        )
        if held:
            messages.warning(
                request,
                _("Held back by copy-desk warnings (open each to publish anyway): %(list)s")
                % {"list": "; ".join(held)},
            )

    @admin.action(
        description=gettext_lazy("Unpublish selected articles (back to draft)"),
        permissions=["publish"],
    )
    def unpublish_selected(self, request, queryset):
        count = 0
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(_("Unpublished (bulk action)"))
            for article in queryset.filter(status=Article.Status.PUBLISHED):
                workflow.unpublish(article, request.user)
                count += 1
        messages.success(
            request,
            ngettext("Unpublished %(count)d article.", "Unpublished %(count)d articles.", count)
            % {"count": count},
        )

    # Extra views: tag suggestions, revisions with diff and restore

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "tag-suggestions/",
                view(self.tag_suggestions_view),
                name="articles_article_tag_suggestions",
            ),
            path("embed-check/", view(self.embed_check_view), name="articles_article_embed_check"),
            path(
                "<path:object_id>/preview-links/",
                view(self.preview_links_view),
                name="articles_article_preview_links",
            ),
            path(
                "<path:object_id>/revisions/",
                view(partial(revision_views.revisions_view, model_admin=self)),
                name="articles_article_revisions",
            ),
            path(
                "<path:object_id>/revisions/<int:version_id>/restore/",
                view(partial(revision_views.restore_view, model_admin=self)),
                name="articles_article_restore",
            ),
            *super().get_urls(),
        ]

    def embed_check_view(self, request):
        """Whether `url` can be embedded in the body: its provider, or why not (a normal answer,
        not an HTTP error: the editor shows it beside the field)."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        url = request.GET.get("url", "").strip()
        provider = embeds.provider_for_url(url)
        if provider is None:
            names = ", ".join(p.label for p in embeds.PROVIDERS.values())
            return JsonResponse(
                {
                    "error": _(
                        "This address cannot be embedded. Paste the https address of a post or "
                        "video on %(providers)s."
                    )
                    % {"providers": names}
                }
            )
        return JsonResponse({"provider": provider, "label": embeds.PROVIDERS[provider].label})

    def tag_suggestions_view(self, request):
        """Existing tag names containing `q` ("cou" finds "city council"), those starting with
        it first, for the tags field's suggestions."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        # PostgreSQL refuses NUL characters in strings: a stray one must not become a 500.
        typed = request.GET.get("q", "").replace("\x00", "").strip()[:100]
        if not typed:
            return JsonResponse({"results": []})
        names = Tag.objects.filter(name__icontains=typed)
        if not workflow.can_publish(request.user):
            # Tags only on colleagues' unpublished stories would give those stories away.
            visible = workflow.visible_to(request.user, Article.objects.all())
            names = names.filter(article__in=visible.values("pk")).distinct()
        names = (
            names.annotate(starts=Case(When(name__istartswith=typed, then=0), default=1))
            .order_by("starts", "name")
            .values_list("name", flat=True)
        )
        return JsonResponse({"results": list(names[:TAG_SUGGESTIONS])})

    def preview_links_view(self, request, object_id):
        article = revision_views.article_or_404(self, request, object_id)
        return preview.manage_links(self, request, article)

    # Display columns and read-only fields

    @admin.display(description=gettext_lazy("Story"), ordering="headline")
    def story(self, article):
        meta = [article.section.name] if article.section else []
        meta += [author.name for author in article.byline_authors]
        return format_html(
            '{}<span class="desk-meta">{}</span>', article.headline, " · ".join(meta) or "—"
        )

    @admin.display(description=gettext_lazy("State"), ordering="status")
    def state(self, article):
        return format_html(
            '<span class="desk-state desk-state--{}">{}</span>',
            "scheduled" if article.is_scheduled else article.status,
            self.status_label(article),
        )

    @admin.display(description=gettext_lazy("Status"))
    def status_label(self, article):
        return _("Scheduled") if article.is_scheduled else article.get_status_display()

    @admin.display(description=gettext_lazy("Time"), ordering="publish_at")
    def time(self, article):
        if article.status == Article.Status.PUBLISHED and article.publish_at:
            moment = article.publish_at
            label = _("Goes live") if article.is_scheduled else _("Live since")
        else:
            moment, label = article.updated_at, _("Saved")
        return format_html(
            '<time datetime="{}" title="{}">{}<br>{}</time>',
            moment.isoformat(),
            when(moment),
            label,
            date_format(timezone.localtime(moment), _("j M, g:i a")),
        )

    @admin.display(description=gettext_lazy("Published"))
    def published_info(self, article):
        if article.first_published_at is None and not article.is_published:
            return _("Not yet published.")
        first = article.first_published_at or article.publish_at
        if article.published_by is None:
            return _("First published %(when)s.") % {"when": when(first)}
        return _("First published %(when)s by %(who)s.") % {
            "when": when(first),
            "who": article.published_by.get_full_name() or article.published_by.get_username(),
        }

    @admin.display(description=gettext_lazy("Open"))
    def preview_column(self, article):
        if article.is_published:
            return format_html('<a href="{}">{}</a>', article.get_absolute_url(), _("View"))
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:articles_article_preview_links", args=[article.pk]),
            _("Preview links"),
        )

    @admin.display(description=gettext_lazy("Preview"))
    def preview_link(self, article):
        if article.pk is None:
            return _("Save the article to get a preview link.")
        if article.is_published:
            return format_html(
                '<a href="{}">{}</a>', article.get_absolute_url(), _("View on the site")
            )
        manage = reverse("admin:articles_article_preview_links", args=[article.pk])
        links = list(preview.active_links(article))
        if not links:
            return format_html('<a href="{}">{}</a>', manage, _("Make a preview link"))
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a> '
            '<span class="help">{}</span> <a href="{}">{}</a>',
            preview.link_url(links[0]),
            _("Preview"),
            _("Anyone with this link can read the article until it is withdrawn or expires."),
            manage,
            _("All preview links (%(count)d active)") % {"count": len(links)},
        )

    @admin.display(description=gettext_lazy("Cover preview"))
    def cover_preview(self, article):
        if not article.cover_photo:
            return _("No cover photo yet.")
        return format_html(
            '<img src="{}" alt="{}" width="240" style="height:auto">',
            article.cover_photo.thumbnail_url,
            article.cover_photo.alt_text,
        )
