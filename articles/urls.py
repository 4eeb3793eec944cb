from django.urls import path

from . import preview, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path(
        "<int:year>/<str:month>/<str:day>/<slug:slug>/",
        views.ArticleDetailView.as_view(),
        name="detail",
    ),
    path("sections/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("preview/<str:token>/", preview.preview, name="preview"),
]
