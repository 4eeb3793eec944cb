"""The focal point is set by clicking the preview, in a real browser."""

import pytest
from django.contrib.auth import get_user_model

from articles.models import Photo
from tests.browser import sign_in
from tests.factories import PhotoFactory, image_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clicking_the_preview_sets_and_saves_the_focal_point(live_server, page):
    photo = PhotoFactory(image=image_file(size=(1200, 800)))
    get_user_model().objects.create_superuser("editor", "editor@newsroom.example", "pw-editor-1")
    sign_in(page, live_server, "editor", "pw-editor-1")
    failed = []  # the admin has no favicon link, so the browser's /favicon.ico 404 is expected
    page.on(
        "response",
        lambda r: r.status >= 400 and not r.url.endswith("/favicon.ico") and failed.append(r.url),
    )
    page.goto(f"{live_server.url}/admin/articles/photo/{photo.pk}/change/")
    preview = page.locator(".focal-point-picker img")
    box = preview.bounding_box()
    preview.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.75})
    assert float(page.input_value("#id_focal_x")) == pytest.approx(0.25, abs=0.01)
    assert float(page.input_value("#id_focal_y")) == pytest.approx(0.75, abs=0.01)
    marker_left = page.locator(".focal-point-marker").evaluate("el => el.style.left")
    assert marker_left.startswith("25")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    photo = Photo.objects.get(pk=photo.pk)
    assert photo.focal_x == pytest.approx(0.25, abs=0.01)
    assert photo.renditions["focal"] == [photo.focal_x, photo.focal_y]
    assert failed == []
    assert [e for e in page.console_errors if "404" not in e] == []
