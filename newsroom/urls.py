from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import views
from .security.urls import password_reset_urlpatterns

urlpatterns = [
    path("admin/two-factor/", include("newsroom.security.urls")),
    *password_reset_urlpatterns,
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("api/", include("articles.api.urls")),
    path("", include("articles.feed_urls")),
    path("authors/", include("authors.urls")),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
