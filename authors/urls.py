from django.urls import path

from newsroom.caching import cache_public_response

from . import views

app_name = "authors"

urlpatterns = [
    path("<slug:slug>/", cache_public_response(views.AuthorDetailView.as_view()), name="detail"),
]
