import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from usuarios.models import Usuario
from usuarios.tests.factories import UsuarioFactory
from ventas.tests.factories import crear_venta

pytestmark = pytest.mark.django_db

CLAVE = "Una-clave-larga-1"


def _grupos(usuario):
    return set(usuario.groups.values_list("name", flat=True))


def test_register_crea_un_cliente_con_la_respuesta_de_las_notas(api_client):
    r = api_client.post(reverse("usuarios:register"), {"username": "ana", "password": CLAVE, "email": "a@example.com"})
    assert r.status_code == 201
    cuerpo = r.json()
    assert cuerpo["mensaje"] == "Usuario creado correctamente"
    assert cuerpo["usuario"] == {
        "id": cuerpo["usuario"]["id"],
        "username": "ana",
        "email": "a@example.com",
        "rol": "CLIENT",
    }
    usuario = Usuario.objects.get(username="ana")
    assert usuario.check_password(CLAVE)
    assert usuario.password != CLAVE
    assert _grupos(usuario) == {"Cliente"}
    assert not usuario.is_staff


def test_register_con_usuario_existente_da_el_mensaje_de_las_notas(api_client):
    UsuarioFactory(username="ana")
    r = api_client.post(
        reverse("usuarios:register"), {"username": "ANA", "password": CLAVE, "email": "otra@example.com"}
    )
    assert r.status_code == 400
    assert r.json()["error"] == "El usuario ya existe"
    assert r.json()["codigo"] == "validacion"
    assert Usuario.objects.count() == 1


def test_register_aplica_los_validadores_de_contrasena(api_client):
    r = api_client.post(reverse("usuarios:register"), {"username": "ana", "password": "123", "email": "a@example.com"})
    assert r.status_code == 400
    assert "password" in r.json()["campos"]
    assert not Usuario.objects.filter(username="ana").exists()


def test_register_anonimo_no_puede_pedir_otro_rol(api_client):
    r = api_client.post(
        reverse("usuarios:register"), {"username": "eva", "password": CLAVE, "email": "e@example.com", "rol": "ADMIN"}
    )
    assert r.status_code == 403
    assert r.json()["codigo"] == "permiso_denegado"
    assert not Usuario.objects.filter(username="eva").exists()


def test_un_administrador_registra_empleados(auth_client, administrador):
    r = auth_client(administrador).post(
        reverse("usuarios:register"),
        {"username": "emp", "password": CLAVE, "email": "emp@example.com", "rol": "EMPLOYEE"},
    )
    assert r.status_code == 201
    emp = Usuario.objects.get(username="emp")
    assert emp.rol == "EMPLOYEE" and emp.is_staff and _grupos(emp) == {"Empleado"}


def test_login_devuelve_tokens_y_usuario(api_client):
    UsuarioFactory(username="luis", password=CLAVE)
    r = api_client.post(reverse("usuarios:login"), {"username": "luis", "password": CLAVE})
    assert r.status_code == 200
    assert {"access", "refresh", "usuario"} <= set(r.json())
    assert r.json()["usuario"]["rol"] == "CLIENT"


@pytest.mark.parametrize("password", ["mala", ""])
def test_login_con_credenciales_malas_da_401_con_el_mensaje_de_las_notas(api_client, password):
    UsuarioFactory(username="luis", password=CLAVE)
    r = api_client.post(reverse("usuarios:login"), {"username": "luis", "password": password or "x"})
    assert r.status_code == 401
    assert r.json()["error"] == "Credenciales inválidas"


def test_un_usuario_inactivo_no_puede_entrar(api_client):
    UsuarioFactory(username="luis", password=CLAVE, is_active=False)
    r = api_client.post(reverse("usuarios:login"), {"username": "luis", "password": CLAVE})
    assert r.status_code == 401
    assert r.json()["error"] == "Credenciales inválidas"


def test_logout_invalida_el_refresh(api_client):
    UsuarioFactory(username="luis", password=CLAVE)
    tokens = api_client.post(reverse("usuarios:login"), {"username": "luis", "password": CLAVE}).json()
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    assert api_client.post(reverse("usuarios:logout"), {"refresh": tokens["refresh"]}).status_code == 200
    api_client.credentials()
    r = api_client.post(reverse("usuarios:token-refresh"), {"refresh": tokens["refresh"]})
    assert r.status_code == 401
    assert r.json()["codigo"] == "token_invalido"


def test_logout_no_acepta_el_refresh_de_otro(auth_client, cliente, otro_cliente):
    from rest_framework_simplejwt.tokens import RefreshToken

    ajeno = str(RefreshToken.for_user(otro_cliente))
    r = auth_client(cliente).post(reverse("usuarios:logout"), {"refresh": ajeno})
    assert r.status_code == 400


def test_me_muestra_y_edita_sin_dejar_cambiar_el_rol(auth_client, cliente):
    api = auth_client(cliente)
    assert api.get(reverse("usuarios:me")).json()["username"] == cliente.username
    r = api.patch(reverse("usuarios:me"), {"email": "nuevo@example.com", "rol": "ADMIN"})
    assert r.status_code == 200
    cliente.refresh_from_db()
    assert cliente.email == "nuevo@example.com"
    assert cliente.rol == "CLIENT"


def test_cambiar_el_rol_mueve_al_usuario_de_grupo(auth_client, administrador, cliente):
    r = auth_client(administrador).patch(reverse("usuarios:usuario-detail", args=[cliente.pk]), {"rol": "EMPLOYEE"})
    assert r.status_code == 200
    cliente.refresh_from_db()
    assert _grupos(cliente) == {"Empleado"}
    assert cliente.is_staff


def test_la_contrasena_del_crud_se_guarda_hasheada(auth_client, administrador):
    r = auth_client(administrador).post(
        reverse("usuarios:usuario-list"), {"username": "nuevo", "email": "", "rol": "CLIENT", "password": CLAVE}
    )
    assert r.status_code == 201
    assert "password" not in r.json()
    assert Usuario.objects.get(username="nuevo").check_password(CLAVE)


def test_borrar_un_usuario_con_ventas_lo_desactiva(auth_client, administrador, cliente):
    crear_venta(usuario=cliente)
    r = auth_client(administrador).delete(reverse("usuarios:usuario-detail", args=[cliente.pk]))
    assert r.status_code == 200
    assert r.json()["is_active"] is False
    cliente.refresh_from_db()
    assert not cliente.is_active
    assert cliente.ventas.count() == 1


def test_borrar_un_usuario_sin_ventas_lo_elimina(auth_client, administrador, cliente):
    r = auth_client(administrador).delete(reverse("usuarios:usuario-detail", args=[cliente.pk]))
    assert r.status_code == 204
    assert not Usuario.objects.filter(pk=cliente.pk).exists()


def test_createsuperuser_crea_un_admin():
    call_command("createsuperuser", username="root", email="r@example.com", interactive=False)
    root = Usuario.objects.get(username="root")
    assert root.rol == "ADMIN" and root.is_staff and root.is_superuser
    assert _grupos(root) == {"Administrador"}


def test_los_grupos_tienen_permisos_razonables():
    empleado = Group.objects.get(name="Empleado")
    cliente = Group.objects.get(name="Cliente")
    codigos = set(empleado.permissions.values_list("codename", flat=True))
    assert {"add_producto", "change_inventario", "view_venta", "add_cupon"} <= codigos
    assert "add_usuario" not in codigos
    assert set(cliente.permissions.values_list("codename", flat=True)) == {"view_producto", "view_categoria"}


def test_crear_roles_resincroniza_pertenencias():
    usuario = UsuarioFactory(rol=Usuario.Rol.EMPLOYEE)
    usuario.groups.clear()
    Group.objects.filter(name="Cliente").delete()
    call_command("crear_roles")
    assert _grupos(usuario) == {"Empleado"}
    assert Group.objects.filter(name="Cliente").exists()
