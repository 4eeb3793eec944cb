"""Drawn placeholder pictures for the demo newsroom and synthetic content.

Kept apart from `images.py` (the production photo pipeline) because only the demo and
benchmark commands use it.
"""

import io
import random

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw


def landscape(seed, size=(1600, 900), name="landscape.jpg"):
    """A JPEG of a simple landscape (sky, sun, hills) whose colours depend on `seed`."""
    rng = random.Random(seed)
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    top = (rng.randint(20, 90), rng.randint(60, 140), rng.randint(140, 220))
    bottom = (rng.randint(200, 255), rng.randint(150, 220), rng.randint(90, 170))
    for y in range(height):
        t = y / height
        draw.line(
            [(0, y), (width, y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom))
        )
    sun_x, sun_y, r = (
        rng.randint(width // 5, width * 4 // 5),
        rng.randint(height // 6, height // 2),
        height // 9,
    )
    draw.ellipse([sun_x - r, sun_y - r, sun_x + r, sun_y + r], fill=(255, 236, 180))
    for layer in range(3):
        base = height * (0.55 + 0.13 * layer)
        shade = 90 - layer * 25
        points = [(0, height)]
        for x in range(0, width + 100, 100):
            points.append((x, base - rng.randint(0, height // 6)))
        points.append((width, height))
        draw.polygon(points, fill=(shade // 2, shade + rng.randint(0, 40), shade // 2))
    return _jpeg(image, name)


def portrait(seed, size=600, name="portrait.jpg"):
    """A square JPEG of a head-and-shoulders silhouette in colours that depend on `seed`."""
    rng = random.Random(seed)
    background = (rng.randint(180, 230), rng.randint(180, 230), rng.randint(180, 230))
    image = Image.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(image)
    colour = (rng.randint(30, 110), rng.randint(30, 110), rng.randint(30, 110))
    draw.ellipse([size * 0.3, size * 0.12, size * 0.7, size * 0.52], fill=colour)
    draw.ellipse([size * 0.12, size * 0.56, size * 0.88, size * 1.25], fill=colour)
    return _jpeg(image, name)


def _jpeg(image, name):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, optimize=True)
    return ContentFile(buffer.getvalue(), name=name)
