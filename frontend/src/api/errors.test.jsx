import { AxiosError } from 'axios';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { parseApiError } from './errors';
import Field from '../components/Field';
import ErrorBanner from '../components/ErrorBanner';

const fail = (status, data) => new AxiosError('fail', 'ERR_BAD_REQUEST', {}, {}, { status, data, headers: {}, config: {} });

describe('parseApiError', () => {
  it('takes the message from `error` and the field messages from `campos`', () => {
    const parsed = parseApiError(
      fail(400, {
        error: 'Datos no válidos.',
        codigo: 'validacion',
        campos: { precio: ['Debe ser mayor que 0.'], non_field_errors: ['Revisa el formulario.'] },
      }),
    );
    expect(parsed.message).toBe('Precio: Debe ser mayor que 0. Revisa el formulario.');
    expect(parsed.fields).toEqual({ precio: ['Debe ser mayor que 0.'] });
    expect(parsed.codigo).toBe('validacion');
    expect(parsed.status).toBe(400);
  });

  it('names the fields in words and drops framework jargon', () => {
    const one = parseApiError(
      fail(400, { error: 'Este campo no puede ser nulo.', codigo: 'validacion', campos: { email: ['Este campo no puede ser nulo.'] } }),
    );
    expect(one.message).toBe('Correo electrónico: Este dato es obligatorio.');
    expect(one.fields.email).toEqual(['Este dato es obligatorio.']);
    const two = parseApiError(
      fail(400, {
        error: 'Debe ser posterior a valido_desde.',
        codigo: 'validacion',
        campos: { valido_hasta: ['Debe ser posterior a valido_desde.'], precio: ['Asegúrese de que este valor es mayor o igual a 0.01.'] },
      }),
    );
    expect(two.message).toBe('Revisa estos datos: Válido hasta, Precio.');
    expect(two.fields.valido_hasta).toEqual(['Debe ser posterior a «Válido desde».']);
    expect(two.fields.precio).toEqual(['Comprueba que este valor es mayor o igual a 0,01.']);
  });

  it('falls back to a Spanish message by status and handles a lost connection', () => {
    expect(parseApiError(fail(403, {})).message).toBe('No tienes permiso para realizar esta acción.');
    expect(parseApiError(new AxiosError('Network Error', 'ERR_NETWORK')).message).toBe('No se pudo conectar con el servidor.');
  });

  it('shows the banner and each field message next to its input', () => {
    const error = parseApiError(
      fail(400, { error: 'El usuario ya existe', codigo: 'validacion', campos: { username: ['Ese nombre ya está en uso.'] } }),
    );
    render(
      <form>
        <ErrorBanner error={error} />
        <Field label="Usuario" name="username" value="ana" onChange={() => {}} errors={error.fields} />
        <Field label="Correo electrónico" name="email" value="" onChange={() => {}} errors={error.fields} />
      </form>,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('El usuario ya existe');
    const username = screen.getByLabelText('Usuario');
    expect(username).toHaveAttribute('aria-invalid', 'true');
    expect(username).toHaveAccessibleDescription('Ese nombre ya está en uso.');
    expect(screen.getByLabelText('Correo electrónico')).not.toHaveAttribute('aria-invalid');
  });
});
