"""Upload checks and renditions: what is accepted, what is refused, and what the files contain."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles import demo_images
from articles.images import create_photo, process_photo
from articles.models import Photo
from newsroom.images import ACCEPTED_FORMATS, focal_crop_box
from tests.factories import image_file
from tests.ssim import ssim

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def new_photo(upload, **fields):
    return Photo(image=upload, alt_text="A street at night", **fields)


def upload_errors(upload):
    """The messages a Photo form would show for this upload ([] when accepted)."""
    try:
        new_photo(upload).full_clean()
    except ValidationError as error:
        return error.message_dict.get("image", [])
    return []


def camera_exif(orientation=1):
    """EXIF as a phone writes it: orientation, camera serial number and a GPS position."""
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0xA431] = "SN-0042-SECRET"  # BodySerialNumber
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (10.0, 30.0, 0.0), 3: "W", 4: (66.0, 55.0, 0.0)})
    return exif


def stored_image(record_or_name):
    name = record_or_name["name"] if isinstance(record_or_name, dict) else record_or_name
    with default_storage.open(name, "rb") as stored:
        data = stored.read()
    return Image.open(io.BytesIO(data)), data


def all_files(photo):
    records = [r for kind in photo.renditions["widths"].values() for r in kind]
    return [photo.image.name, *records, *photo.renditions["crops"].values()]


@pytest.mark.parametrize("fmt", ACCEPTED_FORMATS)
def test_each_accepted_format_is_accepted_and_rendered(fmt):
    upload = image_file(f"photo.{fmt.lower()}", size=(900, 600), fmt=fmt)
    photo = new_photo(upload)
    photo.full_clean()
    process_photo(photo)
    assert (photo.width, photo.height) == (900, 600)
    assert [r["width"] for r in photo.renditions_of("webp")] == [480, 800, 900]


def test_svg_is_refused_naming_svg():
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>x()</script></svg>'
    )
    errors = upload_errors(SimpleUploadedFile("logo.svg", svg, "image/svg+xml"))
    assert errors and "SVG" in errors[0]


def test_html_renamed_as_jpeg_is_refused_naming_html():
    html = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
    errors = upload_errors(SimpleUploadedFile("photo.jpg", html, "image/jpeg"))
    assert errors and "HTML page" in errors[0]


def test_pdf_is_refused_naming_pdf():
    pdf = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    errors = upload_errors(SimpleUploadedFile("photo.jpg", pdf, "image/jpeg"))
    assert errors and "PDF" in errors[0]


def test_jpeg_with_html_appended_is_refused_as_a_polyglot():
    jpeg = image_file(size=(64, 64)).read()
    polyglot = jpeg + b"<html><script>fetch('/admin/')</script></html>"
    errors = upload_errors(SimpleUploadedFile("photo.jpg", polyglot, "image/jpeg"))
    assert errors and "another document hidden inside it" in errors[0]


def test_truncated_jpeg_is_refused_as_truncated():
    jpeg = image_file(size=(800, 600)).read()
    errors = upload_errors(SimpleUploadedFile("photo.jpg", jpeg[: len(jpeg) // 2], "image/jpeg"))
    assert errors and "truncated or corrupt" in errors[0]


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_decompression_bomb_is_refused_naming_the_pixel_count():
    bomb = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(bomb, "PNG")  # 144 megapixels in about 20 kB
    errors = upload_errors(SimpleUploadedFile("bomb.png", bomb.getvalue(), "image/png"))
    assert errors and "megapixels" in errors[0]


def test_file_over_the_size_limit_is_refused_naming_the_limit(settings):
    settings.PHOTO_MAX_UPLOAD_BYTES = 1000
    errors = upload_errors(image_file(size=(400, 400), quality=100))
    assert errors and "the limit is 1000\xa0bytes" in errors[0]


def test_image_over_the_pixel_limit_is_refused(settings):
    settings.PHOTO_MAX_PIXELS = 100 * 100
    errors = upload_errors(image_file(size=(200, 200)))
    assert errors == [
        "The image is 200 × 200 pixels (0.0 megapixels); the limit is 0.01 megapixels."
    ]


def test_alt_text_is_required():
    photo = Photo(image=image_file(), alt_text="")
    with pytest.raises(ValidationError) as error:
        photo.full_clean()
    assert "alt_text" in error.value.message_dict


def test_exif_orientation_is_applied_so_portraits_stand_upright():
    # Orientation 6: the camera stored a portrait photo lying on its side.
    upload = image_file(size=(600, 400), exif=camera_exif(orientation=6))
    photo = process_photo(new_photo(upload))
    assert (photo.width, photo.height) == (400, 600)
    original, _ = stored_image(photo.image.name)
    assert original.size == (400, 600)
    assert ORIENTATION not in original.getexif()


def test_no_public_file_carries_gps_or_camera_serial():
    photo = process_photo(new_photo(image_file(size=(2000, 1500), exif=camera_exif())))
    for stored in all_files(photo):
        image, data = stored_image(stored)
        assert not image.getexif(), stored
        assert b"SN-0042-SECRET" not in data


def test_raw_upload_is_never_written_to_storage():
    photo = process_photo(new_photo(image_file("camera.jpg", exif=camera_exif())))
    _, files = default_storage.listdir(str(photo.image.name).rsplit("/", 1)[0])
    assert files == [photo.image.name.rsplit("/", 1)[1]]


def test_widths_are_made_in_webp_and_jpeg_up_to_1600():
    photo = process_photo(new_photo(image_file(size=(3000, 2000))))
    for kind, mime in (("jpeg", "image/jpeg"), ("webp", "image/webp")):
        records = photo.renditions_of(kind)
        assert [(r["width"], r["height"]) for r in records] == [
            (480, 320),
            (800, 533),
            (1200, 800),
            (1600, 1067),
        ]
        for record in records:
            image, data = stored_image(record)
            assert image.size == (record["width"], record["height"])
            assert image.get_format_mimetype() == record["mime"] == mime
            assert len(data) == record["bytes"]


def test_small_photo_is_never_upscaled():
    photo = process_photo(new_photo(image_file(size=(640, 480))))
    assert [r["width"] for r in photo.renditions_of("jpeg")] == [480, 640]
    assert photo.crop("social")["width"] <= 640
    assert photo.crop("1x1")["width"] == photo.crop("1x1")["height"] == 480


def test_crops_have_their_sizes():
    photo = process_photo(new_photo(image_file(size=(3000, 2000))))
    sizes = {
        name: (photo.crop(name)["width"], photo.crop(name)["height"])
        for name in photo.renditions["crops"]
    }
    assert sizes == {
        "16x9": (1200, 675),
        "4x3": (1200, 900),
        "1x1": (1200, 1200),
        "social": (1200, 630),
    }
    for name, size in sizes.items():
        assert stored_image(photo.crop(name))[0].size == size


def two_halves(left=(255, 0, 0), right=(0, 0, 255), size=(1600, 800)):
    """A photo whose left half and right half have different colours."""
    image = Image.new("RGB", size, left)
    image.paste(right, (size[0] // 2, 0, size[0], size[1]))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return SimpleUploadedFile("halves.png", buffer.getvalue(), "image/png")


def test_square_crop_is_centred_on_the_default_focal_point():
    photo = process_photo(new_photo(two_halves()))
    square, _ = stored_image(photo.crop("1x1"))
    red, _, blue = square.convert("RGB").getpixel((0, 400))
    assert red > 200 and blue < 50  # the square straddles the middle: red at its left edge
    red, _, blue = square.convert("RGB").getpixel((799, 400))
    assert blue > 200 and red < 50


def test_square_crop_follows_the_focal_point():
    photo = process_photo(new_photo(two_halves(), focal_x=0.05, focal_y=0.5))
    square, _ = stored_image(photo.crop("1x1"))
    assert square.convert("RGB").getpixel((square.width - 1, 400))[0] > 200  # all red


def test_focal_crop_box_is_shifted_inside_the_image():
    assert focal_crop_box((1600, 800), (1, 1), (0.0, 0.0)) == (0, 0, 800, 800)
    assert focal_crop_box((1600, 800), (1, 1), (1.0, 1.0)) == (800, 0, 1600, 800)
    assert focal_crop_box((1600, 900), (1, 1), (0.5, 0.5)) == (350, 0, 1250, 900)


def test_transparent_png_keeps_its_alpha_in_the_original_and_webp():
    upload = io.BytesIO()
    Image.new("RGBA", (600, 400), (0, 128, 0, 0)).save(upload, "PNG")
    photo = process_photo(new_photo(SimpleUploadedFile("logo.png", upload.getvalue(), "image/png")))
    assert photo.image.name.endswith(".png")
    assert stored_image(photo.renditions_of("webp")[0])[0].mode == "RGBA"
    assert stored_image(photo.renditions_of("jpeg")[0])[0].getpixel((0, 0)) == (255, 255, 255)


def test_create_photo_validates_before_writing_anything():
    fake = SimpleUploadedFile("photo.jpg", b"<html><body>hi</body></html>", "image/jpeg")
    with pytest.raises(ValidationError, match="HTML page"):
        create_photo(fake, alt_text="A street at night")
    assert not Photo.objects.exists()
    assert not default_storage.exists("photos")


def test_create_photo_stores_the_photo_with_renditions():
    photo = create_photo(image_file(size=(900, 600)), alt_text="A street at night", credit="AP")
    assert Photo.objects.get() == photo
    assert photo.has_renditions and photo.credit == "AP"


def test_gif_with_a_zip_archive_appended_is_refused_as_a_polyglot():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("Exploit.class", b"\xca\xfe\xba\xbe")
    gif = image_file("photo.gif", size=(64, 64), fmt="GIF").read()
    upload = SimpleUploadedFile("photo.gif", gif + archive.getvalue(), "image/gif")
    errors = upload_errors(upload)
    assert errors and "another document hidden inside it" in errors[0]


def camera_like(size=(2400, 1600)):
    """A JPEG as a camera gives it: a landscape with sensor grain."""
    scene = Image.open(demo_images.landscape(7, size=size)).convert("RGB")
    photo = Image.blend(scene, Image.effect_noise(size, 24).convert("RGB"), 0.12)
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=92)
    return SimpleUploadedFile("camera.jpg", buffer.getvalue(), "image/jpeg"), photo


def careful_rendering(original, record, kind, box=None):
    """The reference: Lanczos straight from the full-size original, WebP at the highest effort."""
    resized = original.resize((record["width"], record["height"]), Image.LANCZOS, box=box)
    buffer = io.BytesIO()
    options = {"webp": {"format": "WEBP", "quality": 80, "method": 6}}.get(
        kind, {"format": "JPEG", "quality": 82}
    )
    resized.save(buffer, **options)
    return Image.open(buffer)


def test_fast_renditions_look_like_a_careful_rendering():
    """Chained resizing and a low WebP effort keep SSIM ≥ 0.98 against the slow, careful way."""
    upload, original = camera_like()
    photo = process_photo(new_photo(upload))
    scores = {}
    for kind in ("webp", "jpeg"):
        for record in photo.renditions_of(kind):
            reference = careful_rendering(original, record, kind)
            scores[record["name"]] = ssim(stored_image(record)[0], reference)
    for name, record in photo.renditions["crops"].items():
        box = focal_crop_box(original.size, (record["width"], record["height"]))
        reference = careful_rendering(original, record, "jpeg", box=box)
        scores[name] = ssim(stored_image(record)[0], reference)
    assert min(scores.values()) >= 0.98, scores
