import { describe, expect, it } from 'vitest';
import { formatCents, tokenExpiryWarning } from './format';
import { handoffErrorText, maskedPhone } from './handoff_text';
import { mediaUrl } from './urls';
import { checkLeaseForm, emptyLeaseForm, leaseFieldOf, parseRegions } from './lease';
import { ipcError } from '../test/fixtures';

describe('account helpers', () => {
  it('warns about tokens expired or within 7 days only', () => {
    const now = Date.parse('2025-03-10T00:00:00Z');
    expect(tokenExpiryWarning('2025-03-09T00:00:00Z', now)).toBe('expired');
    expect(tokenExpiryWarning('2025-03-16T00:00:00Z', now)).toBe('soon');
    expect(tokenExpiryWarning('2025-03-18T00:00:00Z', now)).toBeNull();
    expect(tokenExpiryWarning(null, now)).toBeNull();
    expect(tokenExpiryWarning('not a date', now)).toBeNull();
  });

  it('formats cents, bigint too', () => {
    expect(formatCents(4900)).toContain('49.00');
    expect(formatCents(1999n)).toContain('19.99');
  });

  it('loads media only over https from the hosts the API serves it from', () => {
    expect(mediaUrl('https://media.layers.com/x.png')).toBe('https://media.layers.com/x.png');
    expect(mediaUrl('https://cdn.layers.com/a/b.jpg')).toBe('https://cdn.layers.com/a/b.jpg');
    for (const refused of [
      'https://a.example/x.png', // a tracker's host
      'https://evil-layers.com/x.png', // a look-alike without the dot
      'https://media.layers.com.evil.example/x.png',
      'https://layers.com/x.png', // the CSP's *.layers.com does not cover the bare name
      'http://media.layers.com/x.png',
      'javascript:alert(1)',
      null,
    ]) {
      expect(mediaUrl(refused), String(refused)).toBeNull();
    }
  });

  it('masks a phone', () => {
    expect(maskedPhone('4567')).toBe('****4567');
    expect(maskedPhone(null)).toBe('your phone');
  });

  it('falls back to the API message for unknown handoff errors', () => {
    expect(handoffErrorText(ipcError({ code: 'NOT_FOUND', message: 'gone' }))).toBe('gone');
    expect(handoffErrorText(ipcError({ code: 'FORBIDDEN_SCOPE' }))).toMatch(/isn't allowed/);
  });
});

describe('lease form', () => {
  it('accepts a good form and uppercases regions', () => {
    const { input, errors } = checkLeaseForm({ ...emptyLeaseForm(), count: '3', vertical: ' fitness ', regions: 'us, ca,' });
    expect(errors).toEqual({});
    expect(input).toEqual({ count: 3, vertical: 'fitness', audience: null, language: null, regions: ['US', 'CA'], note: null });
  });

  it('names the field and the rule for each bad input', () => {
    const { input, errors } = checkLeaseForm({ ...emptyLeaseForm(), count: '2.5', regions: 'USA', note: 'x'.repeat(1025) });
    expect(input).toBeNull();
    expect(errors.count).toMatch(/1 to 20/);
    expect(errors.vertical).toMatch(/required/);
    expect(errors.regions).toMatch(/USA/);
    expect(errors.note).toMatch(/1024/);
  });

  it('maps backend field names to form fields', () => {
    expect(leaseFieldOf('regions')).toBe('regions');
    expect(leaseFieldOf('niche.geo[0]')).toBe('regions');
    expect(leaseFieldOf('projectId')).toBeNull();
    expect(parseRegions(' ,de')).toEqual(['DE']);
  });
});
