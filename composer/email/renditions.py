"""Email renditions of an image, made with Pillow from its bytes: what the email links to when Composer has a
public address (PUBLIC_URL). At most 1200 px wide (twice a 600 px slot), JPEG (or PNG where the logo has
transparency), at most 200 KB.

- "lead": the top story's slot, 16:9 at 1104 × 621 (twice 552 × 310.5). A picture close to that shape (at least
  three quarters of it kept, from 4:3 to about 2.4:1) is cropped around its centre; a portrait, a square or a
  panorama is letterboxed whole on the email's page colour rather than cut through the middle.
- "logo": the logo's own ratio, at most 400 px wide (twice its 200 px slot).
"""
from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from PIL import Image, ImageOps

LEAD_SIZE = (1104, 621)
LEAD_RATIO = 16 / 9
CROP_KEEPS = 0.75  # crop when at least this share of the picture stays, else letterbox
LOGO_MAX_WIDTH = 400
MAX_BYTES = 200 * 1024
MAX_PIXELS = 40_000_000  # refuse to decode anything larger (a decompression bomb)
LETTERBOX = (0xF2, 0xF2, 0xEF)  # the email's page colour
SLOTS = ("lead", "logo")


class UnreadableImage(ValueError):
    """The bytes are not an image Composer can read (or too large to decode safely)."""


@dataclass(frozen=True)
class Measured:
    width: int
    height: int
    format: str


@dataclass(frozen=True)
class Rendition:
    slot: str
    width: int
    height: int
    content_type: str
    content: bytes

    @property
    def key(self) -> str:
        extension = "png" if self.content_type == "image/png" else "jpg"
        return f"{hashlib.sha256(self.content).hexdigest()[:32]}.{extension}"


def open_image(content: bytes) -> tuple[Image.Image, str]:
    """The image, upright (EXIF orientation applied), first frame of an animation; and its format."""
    try:
        image = Image.open(io.BytesIO(content))
        if image.width * image.height > MAX_PIXELS:
            raise UnreadableImage(f"{image.width} × {image.height} pixels is too large to read")
        if image.format not in ("JPEG", "PNG", "GIF", "WEBP"):
            raise UnreadableImage(f"{image.format or 'this'} format is not used in emails")
        kind = image.format
        image.load()
        return ImageOps.exif_transpose(image) or image, kind
    except UnreadableImage:
        raise
    except (OSError, ValueError, Image.DecompressionBombError, SyntaxError) as exc:
        raise UnreadableImage(str(exc) or "not an image") from exc


def _has_alpha(image: Image.Image) -> bool:
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        alpha = image.convert("RGBA").getchannel("A").getextrema()
        return bool(alpha[0] < 255)  # type: ignore[operator]
    return False


def _encode(image: Image.Image, png: bool) -> tuple[str, bytes]:
    """JPEG at the best quality that fits in 200 KB (PNG for transparency), smaller if it must."""
    while True:
        if png:
            out = io.BytesIO()
            image.save(out, "PNG", optimize=True)
            if out.tell() <= MAX_BYTES or image.width <= 100:
                return "image/png", out.getvalue()
        else:
            rgb = image.convert("RGB")
            for quality in (85, 75, 65, 55, 45):
                out = io.BytesIO()
                rgb.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
                if out.tell() <= MAX_BYTES:
                    return "image/jpeg", out.getvalue()
            if image.width <= 100:
                return "image/jpeg", out.getvalue()
        image = image.resize((image.width * 3 // 4, max(1, image.height * 3 // 4)), Image.Resampling.LANCZOS)


def lead(image: Image.Image) -> Rendition:
    """The 16:9 top-story picture: cropped when little is lost, else letterboxed whole."""
    ratio = image.width / image.height
    keeps = min(ratio / LEAD_RATIO, LEAD_RATIO / ratio)
    # never wider than 1104 px, never enlarged past the picture's own size
    wide = image.width if keeps >= CROP_KEEPS else max(image.width, round(image.height * LEAD_RATIO))
    width = min(LEAD_SIZE[0], wide)
    size = (width, round(width / LEAD_RATIO))
    rgb = image.convert("RGBA").convert("RGB") if image.mode != "RGB" else image
    if keeps >= CROP_KEEPS:
        picture = ImageOps.fit(rgb, size, Image.Resampling.LANCZOS, centering=(0.5, 0.5))
    else:
        picture = ImageOps.pad(rgb, size, Image.Resampling.LANCZOS, color=LETTERBOX, centering=(0.5, 0.5))
    content_type, content = _encode(picture, png=False)
    final = Image.open(io.BytesIO(content))
    return Rendition("lead", final.width, final.height, content_type, content)


def logo(image: Image.Image) -> Rendition:
    """The logo at its own ratio, at most 400 px wide; PNG where it has transparency."""
    png = _has_alpha(image)
    if image.width > LOGO_MAX_WIDTH:
        image = image.resize((LOGO_MAX_WIDTH, max(1, round(image.height * LOGO_MAX_WIDTH / image.width))),
                             Image.Resampling.LANCZOS)
    if png and image.mode not in ("RGBA", "LA"):
        image = image.convert("RGBA")
    content_type, content = _encode(image, png=png)
    final = Image.open(io.BytesIO(content))
    return Rendition("logo", final.width, final.height, content_type, content)


def make(slot: str, content: bytes) -> tuple[Measured, Rendition]:
    """The upright size of the image in content, and its rendition for the slot."""
    image, kind = open_image(content)
    return Measured(image.width, image.height, kind), (lead(image) if slot == "lead" else logo(image))
