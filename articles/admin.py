from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AdminFileWidget
from django.db.models import Count
from django.utils.html import format_html

from .images import delete_photo_files, process_photo
from .models import Article, Byline, Correction, Photo, RelatedArticle, Section


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


class PhotoAdminForm(forms.ModelForm):
    # A plain FileField: Django's ImageField would answer every bad file with one vague message,
    # while the model's validator (newsroom.images.check_image) names the problem.
    image = forms.FileField(
        widget=AdminFileWidget,
        help_text="JPEG, PNG, WebP or GIF. Location and camera details are removed on upload.",
    )

    class Meta:
        model = Photo
        fields = [
            "image",
            "alt_text",
            "caption",
            "credit",
            "source_url",
            "licence",
            "focal_x",
            "focal_y",
        ]
        widgets = {
            "focal_x": forms.NumberInput(attrs={"step": "0.001", "min": "0", "max": "1"}),
            "focal_y": forms.NumberInput(attrs={"step": "0.001", "min": "0", "max": "1"}),
        }


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    form = PhotoAdminForm
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
        return super().get_queryset(request).annotate(article_total=Count("articles"))

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

    @admin.action(description="Regenerate renditions of the selected photos")
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
    fk_name = "article"
    extra = 1
    autocomplete_fields = ["related"]


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "status_label", "section", "byline_list", "publish_at", "cover"]
    list_filter = ["status", "section", "bylines__author", "tags"]
    list_select_related = ["section", "cover_photo"]
    search_fields = ["headline", "dek", "slug"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "cover_photo"]
    inlines = [BylineInline, RelatedArticleInline, CorrectionInline]
    readonly_fields = ["cover_preview"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "dek", "body"]}),
        ("Classification", {"fields": ["section", "tags", "cover_photo", "cover_preview"]}),
        ("Publication", {"fields": ["status", "publish_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("bylines__author")

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
            '<img src="{}" alt="" width="60" style="height:auto">', article.cover_photo.image.url
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
