import { describe, expect, it } from 'vitest';
import { parseDecimal, toInputDecimal } from './numero';

describe('parseDecimal (money, two decimals)', () => {
  it.each([
    ['12,5', '12.50', '12,50'],
    ['12.5', '12.50', '12,50'],
    ['12', '12.00', '12,00'],
    [' 0,01 ', '0.01', '0,01'],
    [',5', '0.50', '0,50'],
    ['1234,56', '1234.56', '1234,56'],
    ['007', '7.00', '7,00'],
    ['12,', '12.00', '12,00'],
  ])('%s is %s', (typed, value, shown) => {
    expect(parseDecimal(typed)).toMatchObject({ ok: true, value, shown });
  });

  it('never turns "12,5" into 125', () => {
    expect(parseDecimal('12,5').number).toBe(12.5);
  });

  it.each(['1.234,5', '1,234.5', '1.234', '1,234', '1 234', '12,345', '1.2.3', '1,2,3', 'abc', '12€', '', '-', ','])(
    'refuses %j',
    (typed) => {
      const r = parseDecimal(typed);
      expect(r.ok).toBe(false);
      expect(r.error).toMatch(/\S/);
    },
  );

  it('calls thousands separators ambiguous', () => {
    expect(parseDecimal('1.234').error).toMatch(/ambiguo/);
    expect(parseDecimal('1.234,5').error).toMatch(/separador de miles/);
  });

  it('checks the limits', () => {
    expect(parseDecimal('0', { min: 0.01 })).toMatchObject({ ok: false, error: 'Debe ser como mínimo 0,01.' });
    expect(parseDecimal('-1', { min: 0 }).ok).toBe(false);
    expect(parseDecimal('101', { max: 100 }).ok).toBe(false);
  });

  it('marks an empty box', () => {
    expect(parseDecimal('  ')).toMatchObject({ ok: false, empty: true });
  });
});

describe('parseDecimal (quantities, whole numbers)', () => {
  const q = (t) => parseDecimal(t, { decimals: 0, min: 0 });
  it('accepts whole numbers', () => {
    expect(q('25')).toMatchObject({ ok: true, value: '25', number: 25 });
  });
  it.each(['2,5', '2.5', '1.000', '1,000', '-3'])('refuses %j', (t) => {
    expect(q(t).ok).toBe(false);
  });
  it('says nothing of decimals to a box that takes none', () => {
    expect(q('abc').error).toBe('Escribe solo cifras, un número entero (por ejemplo 3).');
  });
});

describe('toInputDecimal', () => {
  it('writes API amounts with a comma', () => {
    expect(toInputDecimal('1200.00')).toBe('1200,00');
    expect(toInputDecimal(12.5)).toBe('12,50');
    expect(toInputDecimal(null)).toBe('');
    expect(toInputDecimal('7', 0)).toBe('7');
  });
});
