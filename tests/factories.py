"""Factories for test content; images are generated in memory with Pillow (no binary fixtures)."""

import io
from datetime import timedelta

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.images import process_photo
from articles.models import Article, Byline, Correction, Page, Photo, RelatedArticle, Section
from authors.models import Author


def image_file(name="photo.jpg", size=(1600, 900), color=(40, 90, 160), fmt="JPEG", **save_kwargs):
    """An uploaded image file made in memory."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt, **save_kwargs)
    content_type = Image.MIME.get(fmt, "application/octet-stream")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))
    description = "Stories from this beat."


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Reporter {n}")
    job_title = "Journalist"
    location = "Caracas, Venezuela"
    bio = "Reports on city politics.\n\nPreviously covered courts."
    email = factory.Sequence(lambda n: f"reporter{n}@newsroom.example")


class PhotoFactory(factory.django.DjangoModelFactory):
    """A processed photo, as an upload makes it; `PhotoFactory(process=False)` skips renditions."""

    class Meta:
        model = Photo
        skip_postgeneration_save = True

    image = factory.LazyFunction(image_file)
    alt_text = "Protesters gather outside the city hall at dusk"
    caption = "Residents outside city hall on Tuesday."
    credit = "Wikimedia Commons"
    licence = "CC BY-SA 4.0"

    @factory.post_generation
    def process(photo, create, extracted, **kwargs):
        if create and extracted is not False:
            process_photo(photo)


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published article by default; traits give every other state."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"City council approves budget number {n}")
    dek = "The vote came after a long night of public comment."
    body = "<p>The council voted 7-2.</p><p>“We listened,” the mayor said.</p>"
    section = factory.SubFactory(SectionFactory, name="News", slug="news")
    status = Article.Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    class Params:
        draft = factory.Trait(status=Article.Status.DRAFT, publish_at=None)
        in_review = factory.Trait(status=Article.Status.REVIEW, publish_at=None)
        scheduled = factory.Trait(
            publish_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
        )

    @factory.post_generation
    def authors(article, create, extracted, **kwargs):
        if create and extracted:
            for position, author in enumerate(extracted):
                Byline.objects.create(article=article, author=author, position=position)

    @factory.post_generation
    def tag_names(article, create, extracted, **kwargs):
        if create and extracted:
            article.tags.add(*extracted)

    @factory.post_generation
    def related_articles(article, create, extracted, **kwargs):
        if create and extracted:
            for position, other in enumerate(extracted):
                RelatedArticle.objects.create(article=article, related=other, position=position)


class CorrectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Correction

    article = factory.SubFactory(ArticleFactory)
    text = "An earlier version misspelled the mayor's name."


def staff_user(role, username=None, with_author=True):
    """A staff login in the "Reporter" or "Editor" group, with its own byline unless told not."""
    from django.contrib.auth.models import Group, Permission, User

    from articles.roles import sync_role_groups

    # Transactional tests flush the groups the migration made; recreate them.
    sync_role_groups(Group, Permission)
    username = username or f"{role.lower()}-{User.objects.count() + 1}"
    user = User.objects.create_user(
        username, f"{username}@newsroom.example", "pw", is_staff=True, first_name=username.title()
    )
    user.groups.add(Group.objects.get(name=role))
    if with_author:
        AuthorFactory(name=f"{username.title()} Byline", user=user)
    return user


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page
        django_get_or_create = ["slug"]

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.LazyAttribute(lambda o: o.title.lower().replace(" ", "-"))
    body = "<p>We are a small newsroom.</p>"
