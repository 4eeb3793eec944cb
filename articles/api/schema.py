"""Finishing touches on the generated OpenAPI document (a drf-spectacular postprocessing hook)."""

from django.utils.translation import gettext as _


def postprocess(result, generator, request, public):
    """Translated title and description; no component descriptions, which drf-spectacular takes
    from serializer docstrings written for developers (and not translated)."""
    result["info"]["title"] = _("Newsroom content API")
    result["info"]["description"] = _(
        "Published articles, sections, tags and authors as JSON, read-only and anonymous. "
        "Lists are paginated by cursor: follow the next link. Every URL in a response is "
        "absolute. A parameter an endpoint does not read, or a value it cannot use, is a 400."
    )
    for component in result.get("components", {}).get("schemas", {}).values():
        component.pop("description", None)
    return result
