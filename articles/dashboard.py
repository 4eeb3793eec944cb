"""The editors' desk: the admin's first page, what needs doing now, with copy-desk warnings.

`desk(user)` returns the lists the dashboard shows: the user's own drafts, the stories waiting
for review (editors), the scheduled ones with their times, and the latest published. Each list
is short and the whole page costs a fixed number of queries, whatever the size of the archive.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import copydesk, workflow
from .models import Article, ArticleTag, Byline

# Stories shown in each list.
LIST_SIZE = 8


@dataclass
class Entry:
    article: Article
    warnings: list


@dataclass
class Section:
    key: str
    title: str
    empty: str
    entries: list = field(default_factory=list)
    # Where the whole list lives in the article admin (its filter).
    more_query: str = ""


def _lists(user, now):
    # Reporters see only what the admin shows them (no colleague's unpublished story).
    articles = workflow.visible_to(user, Article.objects.select_related("section", "cover_photo"))
    sections = []
    if hasattr(user, "author"):
        mine = articles.filter(
            bylines__author=user.author,
            status__in=[Article.Status.DRAFT, Article.Status.REVIEW],
        ).order_by("-updated_at", "-pk")
        sections.append(
            (
                Section(
                    "mine",
                    _("My drafts"),
                    _("No drafts of yours in progress."),
                    more_query=f"byline={user.author.pk}",
                ),
                mine,
            )
        )
    if workflow.can_publish(user):
        waiting = articles.filter(status=Article.Status.REVIEW).order_by("updated_at", "pk")
        sections.append(
            (
                Section(
                    "review",
                    _("Waiting for review"),
                    _("Nothing is waiting for review."),
                    more_query="state=review",
                ),
                waiting,
            )
        )
    scheduled = articles.scheduled().order_by("publish_at", "pk")
    published = articles.published().order_by("-publish_at", "-pk")
    sections += [
        (
            Section(
                "scheduled",
                _("Scheduled"),
                _("Nothing is scheduled."),
                more_query="state=scheduled",
            ),
            scheduled,
        ),
        (
            Section(
                "published",
                _("Recently published"),
                _("Nothing published yet."),
                more_query="state=live",
            ),
            published,
        ),
    ]
    return sections


def desk(user, now=None):
    """The dashboard's sections for `user`, each with its articles and their warnings."""
    now = now or timezone.now()
    sections = []
    everything = []
    for section, queryset in _lists(user, now):
        rows = list(queryset[:LIST_SIZE])
        everything += rows
        sections.append((section, rows))
    # One prefetch of tags and bylines, and one duplicate-headline query, for all the lists.
    prefetch_related_objects(
        everything,
        Prefetch("tag_links", queryset=ArticleTag.objects.select_related("tag")),
        Prefetch("bylines", queryset=Byline.objects.select_related("author")),
    )
    taken = Article.objects.filter(pk__in=[a.pk for a in everything]).headline_duplicates()
    for section, rows in sections:
        section.entries = [
            Entry(
                article,
                copydesk.review(
                    copydesk.Copy(
                        headline=article.headline,
                        dek=article.dek,
                        body=article.body,
                        cover_photo=article.cover_photo,
                        tag_names=[tag.name for tag in article.tag_list],
                        headline_taken=article.pk in taken,
                    )
                ),
            )
            for article in rows
        ]
    return [section for section, _rows in sections]
