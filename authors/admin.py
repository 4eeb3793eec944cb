from django.contrib import admin
from django.db import models

from .images import process_author_photo
from .models import Author


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "job_title", "location", "user", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "job_title", "location", "email"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "job_title", "location", "bio", "photo", "is_active"]}),
        ("Public links", {"fields": ["website", "x_handle", "mastodon", "bluesky"]}),
        ("Private", {"fields": ["email", "user"]}),
    ]

    def save_model(self, request, obj, form, change):
        if "photo" in form.changed_data:
            process_author_photo(obj)
        else:
            super().save_model(request, obj, form, change)
