"""People: the newsroom's logins, their role and their byline, in one admin form.

The user admin's add form creates the login, its role and its author profile (or links an
existing byline) together. Giving someone a role by any other path also makes them staff
(`roles.role_makes_staff`).
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.contrib.auth.models import Group, User
from django.utils.translation import gettext_lazy as _

from authors.models import Author

from .roles import EDITOR, REPORTER

ROLES = [(REPORTER, _("Reporter")), (EDITOR, _("Editor"))]


class ColleagueCreationForm(AdminUserCreationForm):
    """A new colleague: login, role and byline at once."""

    role = forms.ChoiceField(choices=ROLES, initial=REPORTER, label=_("Role"))
    existing_author = forms.ModelChoiceField(
        Author.objects.filter(user__isnull=True),
        required=False,
        label=_("Existing byline"),
        help_text=_("Link a byline that has no login yet; leave empty to create a new one."),
    )
    byline = forms.CharField(
        required=False,
        max_length=120,
        label=_("Byline name"),
        help_text=_("The name printed on their stories; the first and last name when empty."),
    )
    job_title = forms.CharField(required=False, max_length=120, label=_("Job title"))
    location = forms.CharField(required=False, max_length=120, label=_("Location"))

    class Meta(AdminUserCreationForm.Meta):
        fields = ("username", "first_name", "last_name", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name", "email"):
            self.fields[name].required = True

    def save_colleague(self, user):
        """Give the saved `user` their role and byline."""
        user.groups.add(Group.objects.get(name=self.cleaned_data["role"]))
        author = self.cleaned_data["existing_author"]
        if author is None:
            author = Author(
                name=self.cleaned_data["byline"] or user.get_full_name(),
                job_title=self.cleaned_data["job_title"],
                location=self.cleaned_data["location"],
            )
        author.user = user
        author.email = author.email or user.email
        author.save()


@admin.display(description=_("Role"))
def role(user):
    return ", ".join(group.name for group in user.groups.all()) or "—"


@admin.display(description=_("Byline"))
def byline(user):
    author = getattr(user, "author", None)
    return author.name if author else "—"


class PeopleAdmin(UserAdmin):
    add_form = ColleagueCreationForm
    add_fieldsets = [
        (
            _("Login"),
            {
                "classes": ["wide"],
                "fields": ["username", "usable_password", "password1", "password2"],
            },
        ),
        (
            _("Person"),
            {"classes": ["wide"], "fields": ["first_name", "last_name", "email", "role"]},
        ),
        (
            _("Byline"),
            {"classes": ["wide"], "fields": ["existing_author", "byline", "job_title", "location"]},
        ),
    ]
    list_display = ["username", "get_full_name", role, byline, "is_staff", "is_active"]
    list_select_related = ["author"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.is_staff = True
        super().save_model(request, obj, form, change)
        if not change:
            form.save_colleague(obj)


admin.site.unregister(User)
admin.site.register(User, PeopleAdmin)
