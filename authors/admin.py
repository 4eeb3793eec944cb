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

    # The "Private" fields (e-mail, login) are for those who manage authors, not every reader.

    def shows_private(self, request):
        return request.user.has_perm("authors.change_author")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return fieldsets if self.shows_private(request) else fieldsets[:-1]

    def get_search_fields(self, request):
        fields = super().get_search_fields(request)
        return fields if self.shows_private(request) else [f for f in fields if f != "email"]

    def get_list_display(self, request):
        fields = super().get_list_display(request)
        return fields if self.shows_private(request) else [f for f in fields if f != "user"]

    def save_model(self, request, obj, form, change):
        if "photo" in form.changed_data:
            process_author_photo(obj)
        else:
            super().save_model(request, obj, form, change)
