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
