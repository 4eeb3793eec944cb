"""Unique slugs from titles: "city-council-vote", then "city-council-vote-2" on collision."""

from django.utils.text import slugify


def unique_slug(instance, text, field="slug", max_length=None):
    """Return a slug for `text` that no other row of the instance's model uses."""
    model = type(instance)
    max_length = max_length or model._meta.get_field(field).max_length
    base = slugify(text)[:max_length].strip("-") or model._meta.model_name
    others = model._default_manager.exclude(pk=instance.pk)
    taken = set(others.filter(**{f"{field}__startswith": base}).values_list(field, flat=True))
    candidate, n = base, 2
    while candidate in taken:
        suffix = f"-{n}"
        candidate = f"{base[: max_length - len(suffix)].rstrip('-')}{suffix}"
        n += 1
    return candidate
