"""The editorial workflow: who may do what to an article, and what each action changes.

Status flow: draft -> in review -> published. Publishing with a future time is "scheduled" and
goes live on time through `Article.objects.published()` (no cron); unpublishing returns an
article to draft. Only holders of `articles.publish_article` (the Editor group) publish,
schedule or unpublish; reporters edit articles they hold a byline on while unpublished.
"""

from django.db.models import Q
from django.utils import timezone

from authors.models import Author

from .models import Article, Byline, SlugRedirect

SAVE = "save"
SUBMIT = "submit"
PUBLISH = "publish"
SCHEDULE = "schedule"
UNPUBLISH = "unpublish"
PUBLISHING_ACTIONS = {PUBLISH, SCHEDULE}

PUBLISH_PERMISSION = "articles.publish_article"


class WorkflowError(Exception):
    """An action the user may not take, or cannot take in the article's state; says why."""


def can_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)


def holds_byline(user, article):
    return (
        article.pk is not None
        and user.is_authenticated
        and article.bylines.filter(author__user=user).exists()
    )


def can_edit(user, article):
    """Editors edit anything; reporters edit their own bylined articles while unpublished."""
    if can_publish(user):
        return True
    if article is None or article.pk is None:
        return True
    return article.status != Article.Status.PUBLISHED and holds_byline(user, article)


def visible_to(user, articles):
    """The part of `articles` the admin shows `user`: everything for editors; for reporters,
    live stories and those they hold a byline on, never colleagues' unpublished work."""
    if can_publish(user):
        return articles
    own = Byline.objects.filter(author__user_id=user.pk).values("article_id")
    return articles.filter(Q(pk__in=Article.objects.published().values("pk")) | Q(pk__in=own))


def allowed_actions(user, article):
    """The (action, button label) pairs `user` may take on `article` (None when adding)."""
    status = article.status if article is not None else Article.Status.DRAFT
    published = status == Article.Status.PUBLISHED
    if published:
        save_label = "Save changes"
    elif status == Article.Status.DRAFT:
        save_label = "Save draft"
    else:
        save_label = "Save"
    actions = []
    if can_edit(user, article):
        actions.append((SAVE, save_label))
    if not published and status != Article.Status.REVIEW and can_edit(user, article):
        actions.append((SUBMIT, "Submit for review"))
    if can_publish(user):
        if not (article is not None and article.is_published):
            actions.append((PUBLISH, "Publish now"))
        actions.append((SCHEDULE, "Schedule"))
        if published:
            actions.append((UNPUBLISH, "Unpublish"))
    return actions


def apply(article, action, user, publish_at=None, now=None):
    """Change `article`'s status (and publication fields) for `action`; the caller saves it.

    `publish_at` is the time the editor asked for (the form's value). Publishing now keeps an
    earlier publication time, so an article taken down and put back keeps its dated URL.
    """
    now = now or timezone.now()
    if action not in dict(allowed_actions(user, article)):
        raise WorkflowError(_refusal(action, article))
    if action == SUBMIT:
        article.status = Article.Status.REVIEW
    elif action == UNPUBLISH:
        article.status = Article.Status.DRAFT
    elif action == PUBLISH:
        when = publish_at or article.publish_at
        _mark_published(article, user, when if when and when <= now else now, now)
    elif action == SCHEDULE:
        if publish_at is None or publish_at <= now:
            raise WorkflowError("To schedule, set a publication time in the future.")
        _mark_published(article, user, publish_at, now)
    return article


def _mark_published(article, user, when, now):
    article.status = Article.Status.PUBLISHED
    article.publish_at = when
    # published_by names whoever last put the article out. first_published_at stays once the
    # article has actually been live; a schedule that never came to pass does not count.
    article.published_by = user
    if article.first_published_at is None or article.first_published_at > now:
        article.first_published_at = when


def _refusal(action, article):
    if action in PUBLISHING_ACTIONS | {UNPUBLISH}:
        return f"Only editors can {action} articles. Nothing was saved."
    if article is not None and article.status == Article.Status.PUBLISHED:
        return "Only editors can change a published article. Nothing was saved."
    return "You can only edit articles you hold a byline on. Nothing was saved."


def remember_old_slug(article, old_slug, was_live):
    """Keep a live article's former slug answering 301 to its new URL."""
    if not was_live or not old_slug or old_slug == article.slug:
        return
    SlugRedirect.objects.filter(old_slug=article.slug).delete()
    SlugRedirect.objects.update_or_create(old_slug=old_slug, defaults={"article": article})


def add_own_byline(article, user):
    """Credit the creator's own byline: always for reporters (it is how they keep edit rights),
    for editors only when they named no one else."""
    author = Author.objects.filter(user_id=user.pk).first()
    if author is None or article.bylines.filter(author=author).exists():
        return
    if can_publish(user) and article.bylines.exists():
        return
    Byline.objects.create(article=article, author=author, position=article.bylines.count())
