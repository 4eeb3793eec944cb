"""Pages of a long listing without counting it.

Counting a listing reads every row it matches (on the home page of a 100,000-story archive,
90,000 index entries) when a page needs 21 of them. `UncountedPaginator` reads one row more than
a page to know whether an older page exists; pages link Newer and Older without "of N", and a
page past the end is `EmptyPage`, which list views answer with a 404.
"""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.utils.translation import gettext_lazy as _


class UncountedPaginator(Paginator):
    counted = False

    def validate_number(self, number):
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(_("That page number is not an integer")) from None
        if number < 1:
            raise EmptyPage(_("That page number is less than 1"))
        return number

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and (number > 1 or not self.allow_empty_first_page):
            raise EmptyPage(_("That page contains no results"))
        return UncountedPage(rows[: self.per_page], number, self, len(rows) > self.per_page)


class UncountedPage(Page):
    def __init__(self, object_list, number, paginator, has_next):
        super().__init__(object_list, number, paginator)
        self._has_next = has_next

    def has_next(self):
        return self._has_next

    def start_index(self):
        return (self.number - 1) * self.paginator.per_page + 1 if self.object_list else 0

    def end_index(self):
        return self.start_index() + len(self.object_list) - 1 if self.object_list else 0
