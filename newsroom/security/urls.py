from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views

app_name = "security"

urlpatterns = [
    path("", views.manage, name="manage"),
    path("verify/", views.verify, name="verify"),
    path("set-up/", views.enrol, name="enrol"),
    path("recovery-codes/", views.regenerate_codes, name="regenerate_codes"),
    path("remove/", views.remove, name="remove"),
]

ADMIN_CONTEXT = {"site_header": admin.site.site_header}

# Password reset, linked from the admin's sign-in page ("Forgotten your password?").
password_reset_urlpatterns = [
    path(
        "admin/password-reset/",
        views.ThrottledPasswordResetView.as_view(),
        name="admin_password_reset",
    ),
    path(
        "admin/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(extra_context=ADMIN_CONTEXT),
        name="password_reset_done",
    ),
    path(
        "admin/password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            extra_context=ADMIN_CONTEXT, success_url=reverse_lazy("password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "admin/password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(extra_context=ADMIN_CONTEXT),
        name="password_reset_complete",
    ),
]
