import { describe, expect, it } from 'vitest';
import { ESTADOS, estadoPago, estadoVenta } from './format';

describe('status codes in words', () => {
  it('names every order status and every payment status', () => {
    expect(ESTADOS.map(estadoVenta)).toEqual(['Pendiente de pago', 'Pagado', 'Enviado', 'Entregado', 'Cancelado']);
    expect(['PENDIENTE', 'EXITOSO', 'FALLIDO', 'REEMBOLSADO', 'REVISION'].map(estadoPago)).toEqual([
      'Pendiente',
      'Pagado',
      'Rechazado',
      'Reembolsado',
      'En revisión',
    ]);
  });

  it('shows an unknown code as it comes and a missing one as a dash', () => {
    expect(estadoVenta('NUEVO')).toBe('NUEVO');
    expect(estadoPago(undefined)).toBe('—');
  });
});
