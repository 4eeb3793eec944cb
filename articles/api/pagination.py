"""Cursor pagination: a page starts after the last item the client saw, not at an offset.

Stories published while a client pages through the archive appear at the top and push nothing
twice onto later pages, nor make it skip any. Links are absolute on SITE_URL, like every URL in
the API, and a cursor that was not made here is a 400.
"""

from datetime import UTC, datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination

from newsroom.site_url import absolute_url

from .parameters import MAX_PAGE_SIZE

PAGE_SIZE = 20


class Pagination(CursorPagination):
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    invalid_cursor_message = _("This cursor was not made by this API; copy it from a link.")

    def get_ordering(self, request, queryset, view):
        return view.ordering

    def paginate_queryset(self, queryset, request, view=None):
        self.model = queryset.model
        page = super().paginate_queryset(queryset, request, view)
        self.base_url = absolute_url(request.get_full_path())
        return page

    def decode_cursor(self, request):
        try:
            cursor = super().decode_cursor(request)
        except NotFound as error:
            raise self.invalid() from error
        if cursor is not None and cursor.position is not None:
            self.check_position(cursor.position)
        return cursor

    def check_position(self, position):
        """A forged position must not reach the database as a value of the wrong type."""
        field = self.model._meta.get_field(self.ordering[0].lstrip("-"))
        if "\x00" in position:
            raise self.invalid()
        try:
            value = field.to_python(position)
            if isinstance(value, datetime):
                # The database compares in UTC; a date at the edge of the calendar overflows there.
                value.astimezone(UTC)
        except (DjangoValidationError, ValueError, OverflowError) as error:
            raise self.invalid() from error

    def invalid(self):
        return serializers.ValidationError({self.cursor_query_param: [self.invalid_cursor_message]})
