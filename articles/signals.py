"""Cache purging: any change to what the public site shows retires its cached responses."""

from django.db.models.signals import post_delete, post_save
from taggit.models import Tag

from authors.models import Author
from newsroom.caching import content_changed

from .models import (
    Article,
    ArticleTag,
    Byline,
    Correction,
    Page,
    Photo,
    RelatedArticle,
    Section,
    SlugRedirect,
)

PUBLIC_MODELS = [
    Article,
    Byline,
    Correction,
    Page,
    Photo,
    RelatedArticle,
    Section,
    SlugRedirect,
    Tag,
    ArticleTag,
    Author,
]


def connect():
    for model in PUBLIC_MODELS:
        post_save.connect(content_changed, sender=model, dispatch_uid=f"purge-{model.__name__}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"purge-{model.__name__}-d")
