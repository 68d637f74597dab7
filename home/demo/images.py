"""Demo images drawn with Pillow: soft gradients and simple shapes, the same bytes on every run.

Each image is stored once in Wagtail's image library, found again by its title,
and only rewritten when its drawing or alt text changes (or its file has gone).
"""

import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.base import ContentFile
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from cms.models import CustomImage

from .loading import CREATED, UNCHANGED, UPDATED

HERO_SIZE = (1600, 900)
PORTRAIT_SIZE = (600, 600)
DIAGRAM_SIZE = (1200, 800)


@dataclass(frozen=True)
class DemoImage:
    """How to draw one demo image and what to call it in the image library."""

    key: str
    title: str
    alt_text: str
    size: tuple[int, int]
    colours: tuple[str, str]
    motif: str = "circles"


@dataclass(frozen=True)
class ImageRef:
    """A demo image named inside raw StreamField data; ``resolve_image_refs`` swaps in its id."""

    key: str


IMAGES = {
    image.key: image
    for image in [
        DemoImage(
            "home-hero",
            "Demo: clinic welcome",
            "Abstract illustration of soft overlapping circles on a pale teal to blue gradient",
            HERO_SIZE,
            ("#d7eeea", "#9fc3dc"),
        ),
        DemoImage(
            "botox-migraine-hero",
            "Demo: Botox for chronic migraine",
            "Abstract illustration of gentle lavender and blue circles, suggesting calm after a headache",
            HERO_SIZE,
            ("#e6e0f3", "#a9bde6"),
        ),
        DemoImage(
            "botox-migraine-areas",
            "Demo: migraine injection areas",
            "Simple outline of a head and shoulders from the front, with dots marking the forehead, "
            "temples, neck and shoulders, the areas often treated for migraine",
            DIAGRAM_SIZE,
            ("#f1eff8", "#d4dbf0"),
            motif="injection_map",
        ),
        DemoImage(
            "botox-sweating-hero",
            "Demo: Botox for excessive sweating",
            "Abstract illustration of pale aqua circles on a cool blue gradient",
            HERO_SIZE,
            ("#dcf0f5", "#9cc6d8"),
        ),
        DemoImage(
            "anti-wrinkle-hero",
            "Demo: anti-wrinkle injections",
            "Abstract illustration of warm peach and rose circles on a soft gradient",
            HERO_SIZE,
            ("#f8e6da", "#e2b3a6"),
        ),
        DemoImage(
            "chemical-peel-hero",
            "Demo: chemical peel",
            "Abstract illustration of sand and cream circles on a light golden gradient",
            HERO_SIZE,
            ("#f5eddc", "#d9c29c"),
        ),
        DemoImage(
            "microneedling-hero",
            "Demo: microneedling",
            "Abstract illustration of sage green circles on a pale green gradient",
            HERO_SIZE,
            ("#e2ede0", "#a8c6b2"),
        ),
        DemoImage(
            "portrait-eleanor-marsh",
            "Demo: portrait of Dr Eleanor Marsh",
            "Placeholder portrait of Dr Eleanor Marsh: a plain head-and-shoulders outline on a soft "
            "lavender background",
            PORTRAIT_SIZE,
            ("#ebe4f4", "#b7aedb"),
            motif="portrait",
        ),
        DemoImage(
            "portrait-samuel-okoye",
            "Demo: portrait of Dr Samuel Okoye",
            "Placeholder portrait of Dr Samuel Okoye: a plain head-and-shoulders outline on a soft "
            "green background",
            PORTRAIT_SIZE,
            ("#e3efe6", "#9fc4ae"),
            motif="portrait",
        ),
    ]
}


def load_images(report):
    """Store every demo image in the image library."""
    for spec in IMAGES.values():
        save_image(spec, report)


def demo_image(key):
    """The stored image for ``key`` in ``IMAGES``."""
    return CustomImage.objects.get(title=IMAGES[key].title)


def resolve_image_refs(data):
    """``data`` with each ``ImageRef`` replaced by its stored image's id, as StreamField data expects."""
    if isinstance(data, ImageRef):
        return demo_image(data.key).pk
    if isinstance(data, dict):
        return {key: resolve_image_refs(value) for key, value in data.items()}
    if isinstance(data, list):
        return [resolve_image_refs(item) for item in data]
    return data


def save_image(spec, report):
    """Create or update the image titled ``spec.title``; replace its file only if the drawing differs."""
    data = render(spec)
    file_hash = hashlib.sha1(data, usedforsecurity=False).hexdigest()
    image = CustomImage.objects.filter(title=spec.title).first()
    created = image is None
    if created:
        image = CustomImage(title=spec.title)
    file_is_current = (
        not created and image.file_hash == file_hash and image.file.storage.exists(image.file.name)
    )
    if file_is_current and image.description == spec.alt_text:
        report.record(image, UNCHANGED)
        return image
    image.description = spec.alt_text
    if not file_is_current:
        _replace_file(image, data, file_hash, f"demo-{spec.key}.jpg")
    image.full_clean()
    image.save()
    report.record(image, CREATED if created else UPDATED)
    return image


def _replace_file(image, data, file_hash, filename):
    """Swap in new bytes, dropping the old file and its renditions.

    If the surrounding transaction rolls back, the row keeps a missing file name,
    and the next run draws the file again.
    """
    if image.pk:
        image.renditions.all().delete()
        image.file.delete(save=False)
    image.file = ContentFile(data, name=filename)
    image.file_size = len(data)
    image.file_hash = file_hash


def render(spec):
    """The image's JPEG bytes: a diagonal gradient with the spec's motif drawn softly on top.

    Soft parts are drawn small and enlarged, which blurs them far faster than a
    full-size Gaussian blur would.
    """
    motif = MOTIFS[spec.motif]
    sketch_size = (spec.size[0] // motif.scale, spec.size[1] // motif.scale)
    overlay = Image.new("RGBA", sketch_size, (255, 255, 255, 0))
    motif.draw(ImageDraw.Draw(overlay), sketch_size, spec.title)
    if motif.blur:
        overlay = overlay.filter(ImageFilter.GaussianBlur(sketch_size[1] * motif.blur))
    overlay = overlay.resize(spec.size, Image.Resampling.BICUBIC)
    picture = Image.alpha_composite(_gradient(spec.size, *spec.colours).convert("RGBA"), overlay)
    buffer = io.BytesIO()
    picture.convert("RGB").save(buffer, format="JPEG", quality=85, optimize=True)
    return buffer.getvalue()


def _gradient(size, start, end, scale=8):
    """``start`` in the top-left corner fading to ``end`` in the bottom-right (drawn small, enlarged)."""
    small = (size[0] // scale, size[1] // scale)
    vertical = Image.linear_gradient("L").resize(small)
    horizontal = Image.linear_gradient("L").transpose(Image.Transpose.ROTATE_90).resize(small)
    mask = ImageChops.add(vertical, horizontal, scale=2)
    gradient = Image.composite(Image.new("RGB", small, end), Image.new("RGB", small, start), mask)
    return gradient.resize(size, Image.Resampling.BILINEAR)


def _draw_circles(draw, size, title):
    """Three large translucent circles, placed from the title's hash so each image differs."""
    width, height = size
    seed = hashlib.sha256(title.encode()).digest()
    for n in range(3):
        x = width * (0.15 + 0.7 * seed[3 * n] / 255)
        y = height * (0.2 + 0.6 * seed[3 * n + 1] / 255)
        radius = height * (0.18 + 0.22 * seed[3 * n + 2] / 255)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(255, 255, 255, 70))


def _draw_head_and_shoulders(draw, size, title, alpha=150):
    width, height = size
    centre, head = width / 2, height * 0.17
    fill = (255, 255, 255, alpha)
    draw.ellipse((centre - head, height * 0.22, centre + head, height * 0.22 + 2 * head), fill=fill)
    neck = (centre - head * 0.45, height * 0.5, centre + head * 0.45, height * 0.7)
    draw.rounded_rectangle(neck, radius=head * 0.2, fill=fill)
    draw.ellipse((width * 0.2, height * 0.64, width * 0.8, height * 1.2), fill=fill)


# Where the dots go on the injection map, as fractions of the width and height.
INJECTION_POINTS = [
    (0.44, 0.3),
    (0.5, 0.28),
    (0.56, 0.3),
    (0.4, 0.38),
    (0.6, 0.38),
    (0.47, 0.6),
    (0.53, 0.6),
    (0.3, 0.76),
    (0.7, 0.76),
]


def _draw_injection_map(draw, size, title):
    _draw_head_and_shoulders(draw, size, title, alpha=220)
    width, height = size
    dot = height * 0.018
    for x, y in INJECTION_POINTS:
        draw.ellipse(
            (width * x - dot, height * y - dot, width * x + dot, height * y + dot), fill=(94, 84, 160, 230)
        )


@dataclass(frozen=True)
class Motif:
    """A drawing function, drawn at 1/``scale`` of the image's size and blurred by ``blur`` of its height."""

    draw: Callable
    scale: int = 1
    blur: float = 0


MOTIFS = {
    "circles": Motif(_draw_circles, scale=8, blur=1 / 30),
    "portrait": Motif(_draw_head_and_shoulders, blur=1 / 300),
    "injection_map": Motif(_draw_injection_map),
}
