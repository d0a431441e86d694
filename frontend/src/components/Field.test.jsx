import { describe, expect, it } from 'vitest';
import { numericPreview } from './Field';

describe('numericPreview', () => {
  it('says what a money box will save', () => {
    expect(numericPreview('12,5', { decimals: 2, min: 0, unit: '€' })).toEqual({ text: 'Se guardará: 12,50 €', bad: false });
  });

  it('names what a filter is for instead of saving', () => {
    expect(numericPreview('10', { decimals: 2, min: 0, unit: '€', eco: 'Desde' })).toEqual({ text: 'Desde: 10,00 €', bad: false });
  });

  it('says nothing for an empty box and flags a bad number', () => {
    expect(numericPreview('  ', { decimals: 2 })).toBeNull();
    expect(numericPreview('abc', { decimals: 2, unit: '€' }).bad).toBe(true);
  });
});
