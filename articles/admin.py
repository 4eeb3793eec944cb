from django.contrib import admin
from django.utils.html import format_html

from .models import Article, Byline, Correction, Photo, RelatedArticle, Section


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    list_display = ["thumbnail", "alt_text", "credit", "licence", "width", "height", "uploaded_at"]
    list_display_links = ["thumbnail", "alt_text"]
    search_fields = ["alt_text", "caption", "credit"]
    readonly_fields = ["width", "height", "uploaded_at"]

    @admin.display(description="Photo")
    def thumbnail(self, photo):
        return format_html('<img src="{}" alt="" width="80" style="height:auto">', photo.image.url)


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
    fieldsets = [
        (None, {"fields": ["headline", "slug", "dek", "body"]}),
        ("Classification", {"fields": ["section", "tags", "cover_photo"]}),
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
