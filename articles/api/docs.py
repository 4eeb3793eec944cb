"""/api/docs/: the OpenAPI schema as a plain HTML page, rendered on the server.

No script and no third-party asset: the page reads like the rest of the site and passes a strict
Content-Security-Policy. The schema is built once per process and language.
"""

from functools import lru_cache

from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.generators import SchemaGenerator

from newsroom.site_url import absolute_url


@lru_cache(maxsize=8)
def api_schema(language):
    """The OpenAPI document (a dict) with its descriptions in `language`."""
    return SchemaGenerator().get_schema(request=None, public=True)


def schema_type(schema):
    """(text, component name or None) describing a schema, e.g. ("array of Tag", "Tag")."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return name, name
    for combinator in ("allOf", "oneOf", "anyOf"):
        if combinator in schema:
            # dict.fromkeys: a blank-or-pattern string is one type to a reader.
            parts = list(dict.fromkeys(schema_type(part) for part in schema[combinator]))
            text = _(" or ").join(text for text, _ref in parts)
            return text, next((ref for _text, ref in parts if ref), None)
    kind = schema.get("type", _("any"))
    if kind == "array":
        text, ref = schema_type(schema.get("items", {}))
        return _("array of %(items)s") % {"items": text}, ref
    if "format" in schema:
        return f"{kind} ({schema['format']})", None
    return kind, None


def describe(name, schema, required=False):
    text, ref = schema_type(schema)
    if schema.get("nullable"):
        text = _("%(type)s or null") % {"type": text}
    return {
        "name": name,
        "type": text,
        "ref": ref,
        "required": required,
        "description": schema.get("description", ""),
    }


def operations(schema):
    for path, item in schema["paths"].items():
        operation = item.get("get")
        if operation is None:
            continue
        response = operation["responses"].get("200", {}).get("content", {})
        body = response.get("application/json", {}).get("schema", {})
        yield {
            "path": path,
            "url": absolute_url(path),
            "anchor": operation["operationId"],
            "summary": operation.get("summary", ""),
            "description": operation.get("description", ""),
            "parameters": [
                describe(p["name"], p.get("schema", {}), p.get("required", False))
                | {"where": p["in"], "description": p.get("description", "")}
                for p in operation.get("parameters", [])
            ],
            "response": describe("", body),
        }


def components(schema):
    for name, component in schema["components"]["schemas"].items():
        required = set(component.get("required", []))
        yield {
            "name": name,
            "fields": [
                describe(field, spec, field in required)
                for field, spec in component.get("properties", {}).items()
            ],
        }


def docs(request):
    schema = api_schema(get_language())
    return render(
        request,
        "articles/api_docs.html",
        {
            "info": schema["info"],
            "operations": list(operations(schema)),
            "components": list(components(schema)),
            "example_url": absolute_url("/api/v1/articles/?page_size=2&fields=id,headline,url"),
        },
    )
