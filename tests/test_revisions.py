"""Revision history: recorded on every admin save, listed, compared and restored."""

from datetime import timedelta

import pytest
import reversion
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from reversion.models import Version

from articles.models import Article
from articles.revisions import snapshot
from tests.admin_forms import add_byline, article_post_data, change_url
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CorrectionFactory,
    PhotoFactory,
    SectionFactory,
    staff_user,
)

pytestmark = pytest.mark.django_db


def revisions_url(article):
    return f"/admin/articles/article/{article.pk}/revisions/"


def save(client, article, **fields):
    article.refresh_from_db()
    response = client.post(change_url(article), article_post_data(article, **fields))
    assert response.status_code == 302, response.content.decode()[:500]


def restore(client, article, version):
    return client.post(f"{revisions_url(article)}{version.pk}/restore/")


def versions(article):
    return list(Version.objects.get_for_object(article).order_by("pk"))


def test_each_admin_save_records_a_revision_with_who_and_what(client, editor):
    article = ArticleFactory(draft=True, tag_names=["budget"])
    save(client, article, headline="First take")
    save(client, article, headline="Second take", action="submit")
    recorded = versions(article)
    assert [v.field_dict["headline"] for v in recorded] == ["First take", "Second take"]
    assert {v.revision.user for v in recorded} == {editor}
    assert recorded[-1].revision.comment == "Submitted for review"


def test_revision_holds_bylines_tags_cover_section_and_status(client, editor):
    article = ArticleFactory(draft=True, tag_names=["budget"])
    author, photo, section = AuthorFactory(name="Ana Ruiz"), PhotoFactory(), SectionFactory()
    data = article_post_data(article, cover_photo=photo.pk, section=section.pk, tags="budget, vote")
    client.post(change_url(article), add_byline(data, author))
    recorded = snapshot(versions(article)[-1])
    assert recorded["bylines"] == "Ana Ruiz"
    assert recorded["tags"] == "budget\nvote"
    assert recorded["cover_photo"] == str(photo)
    assert recorded["section"] == section.name
    assert recorded["status"] == "Draft"


def test_revisions_page_lists_revisions_with_their_authors(client, editor):
    article = ArticleFactory(draft=True, tag_names=["budget"])
    save(client, article, headline="First take")
    page = client.get(revisions_url(article)).content.decode()
    assert "Eddie" in page
    assert "Saved" in page


def test_diff_between_two_revisions_marks_the_changed_words(client, editor):
    article = ArticleFactory(draft=True, tag_names=["budget"])
    save(client, article, body="<p>The council voted seven to two.</p>")
    save(client, article, body="<p>The council voted eight to one.</p>", tags="budget, council")
    old, new = versions(article)
    page = client.get(revisions_url(article), {"a": old.pk, "b": new.pk}).content.decode()
    assert "<h3>Body</h3>" in page
    assert "<h3>Tags</h3>" in page
    assert "<h3>Headline</h3>" not in page
    assert "<del>seven</del><ins>eight</ins> to <del>two.</del><ins>one.</ins>" in page
    assert "council</ins>" in page
    # Readable text, not the HTML source.
    assert "&lt;p&gt;" not in page


def test_diff_escapes_article_html(client, editor):
    article = ArticleFactory(draft=True, tag_names=["budget"])
    save(client, article, headline="Plain")
    save(client, article, headline="<script>alert(1)</script>")
    old, new = versions(article)
    page = client.get(revisions_url(article), {"a": old.pk, "b": new.pk}).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_diff_with_unknown_revision_ids_shows_the_list(client, editor):
    article = ArticleFactory(draft=True)
    response = client.get(revisions_url(article), {"a": "nope", "b": "999999"})
    assert response.status_code == 200


def test_restoring_a_revision_brings_back_text_and_tags_as_a_new_revision(client, editor):
    article = ArticleFactory(draft=True, tag_names=["budget"])
    save(client, article, headline="Original headline", tags="budget")
    save(client, article, headline="Rewritten headline", tags="budget, rumours")
    original = versions(article)[0]
    response = client.post(f"{revisions_url(article)}{original.pk}/restore/")
    article.refresh_from_db()
    assert response.status_code == 302
    assert article.headline == "Original headline"
    assert sorted(t.name for t in article.tags.all()) == ["budget"]
    latest = versions(article)[-1]
    assert len(versions(article)) == 3
    assert latest.field_dict["headline"] == "Original headline"
    assert latest.revision.comment.startswith("Restored the revision of")


def test_restoring_brings_back_removed_bylines_and_records_them(client, editor):
    author = AuthorFactory(name="Ana Ruiz")
    article = ArticleFactory(draft=True, tag_names=["budget"], authors=[author])
    save(client, article)
    article.bylines.all().delete()
    save(client, article, headline="No byline now", tags="rumours")
    restore(client, article, versions(article)[0])
    assert [b.author for b in Article.objects.get(pk=article.pk).bylines.all()] == [author]
    latest = snapshot(versions(article)[-1])
    assert (latest["bylines"], latest["tags"]) == ("Ana Ruiz", "budget")


def test_reporter_cannot_restore_a_revision(client):
    reporter = staff_user("Reporter", "rita")
    article = ArticleFactory(draft=True, authors=[reporter.author], headline="Kept")
    editor = staff_user("Editor")
    client.force_login(editor)
    save(client, article, headline="Kept")
    client.force_login(reporter)
    response = client.post(f"{revisions_url(article)}{versions(article)[0].pk}/restore/")
    assert response.status_code == 403


def test_restore_asks_for_confirmation_first(client, editor):
    article = ArticleFactory(draft=True, tag_names=["budget"])
    save(client, article, headline="Original headline")
    save(client, article, headline="Rewritten headline")
    response = client.get(f"{revisions_url(article)}{versions(article)[0].pk}/restore/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Restore this revision" in page
    assert "<del>Rewritten</del><ins>Original</ins> headline" in page
    article.refresh_from_db()
    assert article.headline == "Rewritten headline"
    assert len(versions(article)) == 2


def test_revisions_of_an_unknown_article_is_404(client, editor):
    assert client.get("/admin/articles/article/999999/revisions/").status_code == 404


def test_restoring_a_revision_whose_photo_was_deleted_is_refused_cleanly(client, editor):
    photo = PhotoFactory()
    article = ArticleFactory(draft=True, tag_names=["budget"], cover_photo=photo)
    save(client, article)
    save(client, article, cover_photo="")
    photo.delete()
    old = versions(article)[0]
    response = client.post(f"{revisions_url(article)}{old.pk}/restore/", follow=True)
    assert "cannot be restored" in response.content.decode()
    assert Article.objects.get(pk=article.pk).cover_photo is None
    assert len(versions(article)) == 2


def test_recording_a_revision_costs_no_query_per_tag():
    def queries_to_save(article):
        with CaptureQueriesContext(connection) as queries, reversion.create_revision():
            Article.objects.get(pk=article.pk).save()
        return len(queries)

    one = ArticleFactory(tag_names=["water"])
    eight = ArticleFactory(tag_names=[f"tag {n}" for n in range(8)])
    # The first save of each looks up content types (once per process) and the story's public
    # footprint (once per transaction, for the page cache's purge).
    queries_to_save(one)
    queries_to_save(eight)
    assert queries_to_save(eight) == queries_to_save(one)


def live_story_with_history(client):
    """A story saved as a draft, then published, then edited while live."""
    article = ArticleFactory(draft=True, tag_names=["budget"], cover_photo=PhotoFactory())
    save(client, article, headline="Draft headline", body="<p>Draft text.</p>")
    save(client, article, action="publish")
    save(client, article, headline="Live headline", body="<p>Live text.</p>")
    article.refresh_from_db()
    return article


def test_restoring_a_draft_revision_keeps_a_live_story_live(client, editor):
    article = live_story_with_history(client)
    url, published = article.get_absolute_url(), article.publish_at
    first_published, published_by = article.first_published_at, article.published_by
    draft_revision = versions(article)[0]
    assert draft_revision.field_dict["status"] == "draft"

    restore(client, article, draft_revision)
    article.refresh_from_db()
    assert article.headline == "Draft headline"
    assert article.body == "<p>Draft text.</p>"
    assert article.is_published
    assert article.publish_at == published
    assert article.first_published_at == first_published
    assert article.published_by == published_by
    assert client.get(url).status_code == 200
    assert "Draft text." in client.get(url).content.decode()


def test_restoring_keeps_the_address_and_the_old_one_still_redirects(client, editor):
    article = live_story_with_history(client)
    old_url = article.get_absolute_url()
    save(client, article, slug="live-story-moved")
    restore(client, article, versions(article)[0])
    article.refresh_from_db()
    assert article.slug == "live-story-moved"
    assert client.get(article.get_absolute_url()).status_code == 200
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_restoring_a_revision_from_before_scheduling_keeps_the_schedule(client, editor):
    article = ArticleFactory(draft=True, tag_names=["budget"], cover_photo=PhotoFactory())
    save(client, article, headline="Before scheduling")
    later = timezone.now() + timedelta(days=2)
    article.refresh_from_db()
    client.post(change_url(article), article_post_data(article, "schedule", publish_at=later))
    restore(client, article, versions(article)[0])
    article.refresh_from_db()
    assert article.headline == "Before scheduling"
    assert article.is_scheduled
    assert abs((article.publish_at - later).total_seconds()) < 1


def test_restoring_never_removes_a_correction(client, editor):
    article = live_story_with_history(client)
    CorrectionFactory(article=article, text="The vote was 7-2, not 6-3.")
    restore(client, article, versions(article)[0])
    assert list(article.corrections.values_list("text", flat=True)) == [
        "The vote was 7-2, not 6-3."
    ]


def test_revision_list_shows_state_time_to_the_second_and_what_changed(client, editor):
    article = live_story_with_history(client)
    page = client.get(revisions_url(article)).content.decode()
    recorded = versions(article)[-1].revision.date_created
    assert timezone.localtime(recorded).strftime("%H:%M:%S") in page
    assert "Draft" in page and "Published" in page
    assert "Headline; body (+1 −1 words)" in page


def test_restore_brings_back_dont_miss_picks_that_still_exist(client, editor):
    kept, gone = ArticleFactory(headline="Kept pick"), ArticleFactory(headline="Gone pick")
    article = ArticleFactory(draft=True, tag_names=["budget"], related_articles=[kept, gone])
    save(client, article)
    article.related_links.all().delete()
    save(client, article, headline="No picks now")
    gone.delete()
    restore(client, article, versions(article)[0])
    assert [link.related for link in article.related_links.all()] == [kept]
