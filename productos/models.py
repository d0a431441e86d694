import hashlib
from datetime import UTC

from django.db import models
from django.db.models.functions import Lower


class Categoria(models.Model):
    nombre = models.CharField("nombre", max_length=100)
    descripcion = models.TextField("descripción", blank=True, default="")

    class Meta:
        verbose_name = "categoría"
        verbose_name_plural = "categorías"
        ordering = ["nombre"]
        constraints = [models.UniqueConstraint(Lower("nombre"), name="categoria_nombre_unico_ci")]

    def __str__(self):
        return self.nombre


class Proveedor(models.Model):
    nombre = models.CharField("nombre", max_length=150)
    contacto = models.CharField("contacto", max_length=150, blank=True, default="")
    telefono = models.CharField("teléfono", max_length=30, blank=True, default="")
    email = models.EmailField("correo", blank=True, default="")

    class Meta:
        verbose_name = "proveedor"
        verbose_name_plural = "proveedores"
        ordering = ["nombre"]

    def __str__(self):
        return self.nombre


class Producto(models.Model):
    nombre = models.CharField("nombre", max_length=200)
    descripcion = models.TextField("descripción", blank=True, default="")
    precio = models.DecimalField("precio", max_digits=12, decimal_places=2)
    # A copy of Inventario.cantidad for fast catalogue reads; written only by inventario.services.
    stock = models.PositiveIntegerField("stock", default=0)
    categoria = models.ForeignKey(Categoria, on_delete=models.PROTECT, related_name="productos")
    proveedor = models.ForeignKey(Proveedor, on_delete=models.SET_NULL, null=True, blank=True, related_name="productos")
    fecha_creacion = models.DateTimeField("creado", auto_now_add=True)
    fecha_actualizacion = models.DateTimeField("actualizado", auto_now=True)

    class Meta:
        verbose_name = "producto"
        verbose_name_plural = "productos"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(precio__gt=0), name="producto_precio_positivo"),
            models.CheckConstraint(condition=models.Q(stock__gte=0), name="producto_stock_no_negativo"),
        ]
        indexes = [
            models.Index(fields=["categoria", "precio"], name="producto_cat_precio_idx"),
            models.Index(fields=["precio"], name="producto_precio_idx"),
            models.Index(fields=["nombre"], name="producto_nombre_idx"),
        ]

    def __str__(self):
        return self.nombre

    @property
    def version(self) -> str:
        """An opaque tag of everything a product answer shows: the product's ETag.

        Any change of its fields, stock, category name, main photo or ratings changes it. Needs the
        annotations of `productos.selectors.productos_del_catalogo` (an AttributeError without them,
        rather than a tag that would never match).
        """
        actualizado = self.fecha_actualizacion.astimezone(UTC).isoformat() if self.fecha_actualizacion else ""
        media = self.calificacion_media
        estado = "|".join(
            str(valor)
            for valor in (
                self.pk,
                self.nombre,
                self.descripcion,
                f"{self.precio:.2f}",
                self.stock,
                self.categoria_id,
                self.categoria.nombre,
                self.proveedor_id,
                actualizado,
                self.imagen_principal,
                self.miniatura_principal,
                "" if media is None else f"{media:.2f}",
                self.numero_calificaciones,
            )
        )
        return hashlib.sha256(estado.encode()).hexdigest()[:24]


def _ruta_imagen(instancia, nombre):
    # The service names files at random (productos/<id>/<uuid>.<ext>): no guessing, no overwrite.
    return f"productos/{instancia.producto_id}/{nombre}"


class ImagenProducto(models.Model):
    """A product photo and its thumbnail, both re-encoded by productos.imagenes (no EXIF)."""

    producto = models.ForeignKey(Producto, on_delete=models.CASCADE, related_name="imagenes")
    orden = models.PositiveSmallIntegerField("orden", default=0)
    imagen = models.ImageField("imagen", upload_to=_ruta_imagen, max_length=255)
    miniatura = models.ImageField("miniatura", upload_to=_ruta_imagen, max_length=255)
    ancho = models.PositiveIntegerField("ancho")
    alto = models.PositiveIntegerField("alto")
    fecha_creacion = models.DateTimeField("creada", auto_now_add=True)

    class Meta:
        verbose_name = "imagen de producto"
        verbose_name_plural = "imágenes de producto"
        # The first one (lowest `orden`, then oldest) is the product's main photo.
        ordering = ["orden", "id"]
        indexes = [models.Index(fields=["producto", "orden", "id"], name="imagen_producto_orden_idx")]

    def __str__(self):
        return f"{self.producto_id}: {self.imagen.name}"
