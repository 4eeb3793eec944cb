import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models
from django.db.models import Count
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from reversion.errors import RevertError
from taggit.models import Tag

from newsroom.security.csp import nonced_media

from . import copydesk, preview, revisions, workflow
from .forms import ArticleAdminForm, PageAdminForm, RelatedArticleFormSet
from .images import delete_photo_files, process_photo
from .models import Article, Byline, Correction, Page, Photo, RelatedArticle, Section

REVISION_COMMENTS = {
    workflow.SAVE: "Saved",
    workflow.SUBMIT: "Submitted for review",
    workflow.PUBLISH: "Published",
    workflow.SCHEDULE: "Scheduled",
    workflow.UNPUBLISH: "Unpublished",
}


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
    readonly_fields = ["focal_point_picker", "width", "height", "uploaded_at"]
    fieldsets = [
        (None, {"fields": ["image", "alt_text", "caption", "credit", "source_url", "licence"]}),
        ("Focal point", {"fields": ["focal_point_picker", ("focal_x", "focal_y")]}),
        ("File", {"fields": [("width", "height"), "uploaded_at"]}),
    ]
    actions = ["regenerate_renditions"]

    class Media:
        css = {"all": ["articles/focal_point.css"]}
        js = ["articles/focal_point.js"]

    def get_queryset(self, request):
        # Meta.ordering does not apply to grouped queries: order explicitly for stable pages.
        return (
            super()
            .get_queryset(request)
            .annotate(article_total=Count("articles"))
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

    @admin.display(description="Preview")
    def focal_point_picker(self, photo):
        if not photo.pk:
            return "Save the photo first, then click on it here to set the focal point."
        return format_html(
            '<div class="focal-point-picker" data-x-input="id_focal_x" data-y-input="id_focal_y">'
            '<img src="{}" alt="Click to set the focal point" draggable="false">'
            '<span class="focal-point-marker" aria-hidden="true"></span></div>'
            '<p class="help">Click on the subject that every crop must keep; '
            "the numbers below follow (0–1 from the left and from the top).</p>",
            photo.thumbnail_url,
        )

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


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]
    verbose_name = "byline"


class RelatedArticleInline(admin.TabularInline):
    model = RelatedArticle
    formset = RelatedArticleFormSet
    fk_name = "article"
    extra = 1
    autocomplete_fields = ["related"]


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0


class PublicationStateFilter(admin.SimpleListFilter):
    """Status as the newsroom speaks of it: scheduled is published with a future time."""

    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", "Draft"),
            ("review", "In review"),
            ("scheduled", "Scheduled"),
            ("live", "Live"),
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


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    """The newsroom's article desk; roles are enforced here and in articles/workflow.py."""

    form = ArticleAdminForm
    list_display = [
        "headline",
        "status_label",
        "section",
        "byline_list",
        "publish_at",
        "published_by",
        "cover",
        "preview_column",
    ]
    list_filter = [PublicationStateFilter, "section", "bylines__author", "tags"]
    list_select_related = ["section", "cover_photo", "published_by"]
    search_fields = ["headline", "dek", "slug"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "cover_photo"]
    inlines = [BylineInline, RelatedArticleInline, CorrectionInline]
    actions = ["publish_selected", "unpublish_selected"]

    class Media:
        js = ["articles/admin/tag_suggestions.js"]

    def get_queryset(self, request):
        articles = super().get_queryset(request).prefetch_related("bylines__author")
        return workflow.visible_to(request.user, articles)

    def get_list_filter(self, request):
        if workflow.can_publish(request.user):
            return self.list_filter
        # A reporter's tag filter lists only tags on stories they may see.
        return [
            (name, admin.RelatedOnlyFieldListFilter) if name == "tags" else name
            for name in self.list_filter
        ]

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
        publication = ["status_label", "publish_at", "published_info", "preview_link"]
        if editable:
            content.append("loaded_version")
            if workflow.can_publish(request.user):
                publication.insert(2, "publish_anyway")
        return [
            (None, {"fields": content}),
            ("Classification", {"fields": ["section", "tags", "cover_photo", "cover_preview"]}),
            ("Publication", {"fields": publication}),
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = ["status_label", "published_info", "preview_link", "cover_preview"]
        if not workflow.can_publish(request.user):
            fields.append("publish_at")
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user
        if "tags" in form.base_fields:
            form.base_fields["tags"].widget.attrs.update(
                {
                    "autocomplete": "off",
                    "data-suggest-url": reverse("admin:articles_article_tag_suggestions"),
                }
            )
        return form

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        editable = add or self.has_change_permission(request, obj)
        context["workflow_actions"] = (
            workflow.allowed_actions(request.user, obj) if editable else []
        )
        context["media"] = nonced_media(request, context["media"])
        return super().render_change_form(request, context, add, change, form_url, obj)

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
        super().save_model(request, obj, form, change)
        if before is not None:
            workflow.remember_old_slug(obj, before.slug, was_live=before.is_published)
        reversion.set_comment(REVISION_COMMENTS.get(form.action, "Saved"))
        for warning in form.copydesk_warnings:
            messages.warning(request, f"Copy desk: {warning}")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            workflow.add_own_byline(form.instance, request.user)
        if not workflow.can_edit(request.user, form.instance):
            messages.warning(
                request,
                "You hold no byline on this article, so you can no longer edit it. An editor can "
                "link your login to a byline under Authors.",
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

    @admin.action(description="Publish selected articles now", permissions=["publish"])
    def publish_selected(self, request, queryset):
        published, held = 0, []
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment("Published (bulk action)")
            for article in queryset.prefetch_related("tags").select_related("cover_photo"):
                if article.is_published:
                    continue
                if copydesk.review(copydesk.Copy.from_article(article)):
                    held.append(article.headline)
                    continue
                workflow.apply(article, workflow.PUBLISH, request.user)
                article.save()
                published += 1
        messages.success(request, f"Published {published} article{'s' if published != 1 else ''}.")
        if held:
            messages.warning(
                request,
                "Held back by copy-desk warnings (open each to publish anyway): " + "; ".join(held),
            )

    @admin.action(
        description="Unpublish selected articles (back to draft)", permissions=["publish"]
    )
    def unpublish_selected(self, request, queryset):
        count = 0
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment("Unpublished (bulk action)")
            for article in queryset.filter(status=Article.Status.PUBLISHED):
                workflow.apply(article, workflow.UNPUBLISH, request.user)
                article.save()
                count += 1
        messages.success(request, f"Unpublished {count} article{'s' if count != 1 else ''}.")

    # Extra views: tag suggestions, revisions with diff and restore

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "tag-suggestions/",
                view(self.tag_suggestions_view),
                name="articles_article_tag_suggestions",
            ),
            path(
                "<path:object_id>/preview-links/",
                view(self.preview_links_view),
                name="articles_article_preview_links",
            ),
            path(
                "<path:object_id>/revisions/",
                view(self.revisions_view),
                name="articles_article_revisions",
            ),
            path(
                "<path:object_id>/revisions/<int:version_id>/restore/",
                view(require_POST(self.restore_view)),
                name="articles_article_restore",
            ),
            *super().get_urls(),
        ]

    def tag_suggestions_view(self, request):
        """Existing tag names starting with `q`, for the tags field's suggestion list."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        # PostgreSQL refuses NUL characters in strings: a stray one must not become a 500.
        prefix = request.GET.get("q", "").replace("\x00", "").strip()[:100]
        names = Tag.objects.filter(name__istartswith=prefix).order_by("name")
        if not workflow.can_publish(request.user):
            # Tags only on colleagues' unpublished stories would give those stories away.
            visible = workflow.visible_to(request.user, Article.objects.all())
            names = names.filter(article__in=visible.values("pk")).distinct()
        return JsonResponse({"results": list(names.values_list("name", flat=True)[:10])})

    def _article_or_404(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such article.")
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article

    def preview_links_view(self, request, object_id):
        return preview.manage_links(self, request, self._article_or_404(request, object_id))

    def revisions_view(self, request, object_id):
        article = self._article_or_404(request, object_id)
        versions = list(revisions.versions_of(article))
        by_id = {str(version.pk): version for version in versions}
        older, newer = by_id.get(request.GET.get("a", "")), by_id.get(request.GET.get("b", ""))
        comparison = None
        if older and newer:
            older, newer = sorted([older, newer], key=lambda version: version.pk)
            comparison = revisions.diff(older, newer)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "title": f"Revisions of “{article}”",
            "versions": versions,
            "older": older,
            "newer": newer,
            "comparison": comparison,
            "can_restore": workflow.can_publish(request.user),
        }
        return TemplateResponse(request, "admin/articles/article/revisions.html", context)

    def restore_view(self, request, object_id, version_id):
        article = self._article_or_404(request, object_id)
        # Restoring can change the status, so it is an editor's decision.
        if not workflow.can_publish(request.user):
            raise PermissionDenied
        version = get_object_or_404(revisions.versions_of(article), pk=version_id)
        try:
            revisions.restore(version, request.user)
        except (RevertError, IntegrityError):
            messages.error(
                request,
                "This revision uses a photo, author or section that has since been deleted, "
                "so it cannot be restored. Nothing was changed.",
            )
            return redirect("admin:articles_article_revisions", article.pk)
        messages.success(request, "The revision was restored; it is now the latest revision.")
        return redirect("admin:articles_article_change", article.pk)

    # Display columns and read-only fields

    @admin.display(description="Status", ordering="status")
    def status_label(self, article):
        return "Scheduled" if article.is_scheduled else article.get_status_display()

    @admin.display(description="Bylines")
    def byline_list(self, article):
        return ", ".join(author.name for author in article.byline_authors)

    @admin.display(description="Cover")
    def cover(self, article):
        if not article.cover_photo:
            return ""
        return format_html(
            '<img src="{}" alt="" width="60" style="height:auto">',
            article.cover_photo.thumbnail_url,
        )

    @admin.display(description="Published")
    def published_info(self, article):
        if article.published_by is None:
            return "Not yet published."
        return format_html(
            "By {} · first published {}",
            article.published_by.get_full_name() or article.published_by.get_username(),
            date_format(timezone.localtime(article.first_published_at), "DATETIME_FORMAT")
            if article.first_published_at
            else "—",
        )

    @admin.display(description="Preview")
    def preview_column(self, article):
        if article.is_published:
            return ""
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:articles_article_preview_links", args=[article.pk]),
            _("Preview links"),
        )

    @admin.display(description="Preview")
    def preview_link(self, article):
        if article.pk is None:
            return _("Save the article to get a preview link.")
        if article.is_published:
            return format_html('<a href="{}">View on the site</a>', article.get_absolute_url())
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

    @admin.display(description="Cover preview")
    def cover_preview(self, article):
        if not article.cover_photo:
            return "No cover photo yet."
        return format_html(
            '<img src="{}" alt="{}" width="240" style="height:auto">',
            article.cover_photo.thumbnail_url,
            article.cover_photo.alt_text,
        )
