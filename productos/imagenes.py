"""Product photo checks and re-encoding with Pillow; no storage, no database.

Every upload is decoded and written again: what is stored is pixels Pillow produced itself, in the
upload's own format (JPEG, PNG or WebP), without EXIF, XMP or comments (the camera's GPS position
never reaches the shop), turned upright from the EXIF orientation first. The thumbnail is a WebP of
at most `LADO_MINIATURA` pixels per side, made once here.
"""

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

# Pillow format -> (file extension, save options of the stored copy).
FORMATOS = {
    "JPEG": ("jpg", {"quality": 88, "optimize": True}),
    "PNG": ("png", {"optimize": True}),
    "WEBP": ("webp", {"quality": 85}),
}
LADO_MINIATURA = 400


class ImagenNoValida(ValueError):
    """An upload that is not a usable photo; the message is the Spanish one the client sees."""


@dataclass(frozen=True)
class ImagenProcesada:
    contenido: bytes
    extension: str
    ancho: int
    alto: int
    miniatura: bytes


def _sin_metadatos(img: Image.Image, modos: tuple[str, ...], modo: str) -> Image.Image:
    """A copy holding pixels only (no `info`: EXIF, XMP, comments), in a mode the format can save."""
    copia = img.convert(modo) if img.mode not in modos else img.copy()
    copia.info = {}
    return copia


def _reescribir(derecha: Image.Image, formato: str) -> tuple[Image.Image, bytes, bytes]:
    """The stored copy (same format, pixels only) and its WebP thumbnail, as bytes."""
    if formato == "JPEG":
        limpia = _sin_metadatos(derecha, ("RGB", "L"), "RGB")
    elif formato == "WEBP":
        limpia = _sin_metadatos(derecha, ("RGB", "RGBA"), "RGBA" if "A" in derecha.getbands() else "RGB")
    else:
        # Palette images become RGBA: their transparency lives in the `info` dropped below.
        limpia = _sin_metadatos(derecha, ("1", "L", "LA", "RGB", "RGBA"), "RGBA")
    salida = io.BytesIO()
    limpia.save(salida, format=formato, **FORMATOS[formato][1])
    pequena = limpia.convert("RGBA" if "A" in limpia.getbands() else "RGB")
    pequena.thumbnail((LADO_MINIATURA, LADO_MINIATURA))
    miniatura = io.BytesIO()
    pequena.save(miniatura, format="WEBP", quality=80)
    return limpia, salida.getvalue(), miniatura.getvalue()


def procesar_imagen(archivo, *, max_bytes: int, max_pixeles: int) -> ImagenProcesada:
    """Check an uploaded file is a JPEG/PNG/WebP photo within the limits and re-encode it clean.

    Lanza: ImagenNoValida
    """
    if archivo.size > max_bytes:
        raise ImagenNoValida(f"La imagen ocupa más de {max_bytes / (1024 * 1024):g} MB.")
    datos = archivo.read(max_bytes + 1)
    try:
        # Only these decoders ever see the bytes; the size is read from the header before any decoding.
        with Image.open(io.BytesIO(datos), formats=list(FORMATOS)) as img:
            formato = img.format
            ancho, alto = img.size
            if ancho * alto > max_pixeles:
                raise ImagenNoValida(
                    f"La imagen tiene demasiados píxeles ({ancho}×{alto}); el máximo es {max_pixeles:,}.".replace(
                        ",", "."
                    )
                )
            img.verify()
        with Image.open(io.BytesIO(datos), formats=[formato]) as img:
            img.load()
            limpia, salida, miniatura = _reescribir(ImageOps.exif_transpose(img), formato)
    except ImagenNoValida:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError) as exc:
        raise ImagenNoValida("El archivo no es una imagen JPEG, PNG o WebP válida.") from exc
    return ImagenProcesada(
        contenido=salida,
        extension=FORMATOS[formato][0],
        ancho=limpia.width,
        alto=limpia.height,
        miniatura=miniatura,
    )
