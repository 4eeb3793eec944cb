"""The read-only content API at /api/v1/: published articles, sections, tags and authors as JSON.

Built on Django REST framework, with its OpenAPI schema from drf-spectacular. Every article comes
from `Article.objects.published()`; every response is public, cacheable and anonymous.
"""
