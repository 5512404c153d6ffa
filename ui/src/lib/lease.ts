// The lease request form: what the user typed, and the checks run before request_lease (the
// backend checks the same rules again and names the field in its error).
import type { LeaseRequestInput } from './bindings';

export type LeaseForm = {
  count: string;
  vertical: string;
  audience: string;
  language: string;
  regions: string;
  note: string;
};

export type LeaseField = keyof LeaseForm;
export type LeaseErrors = Partial<Record<LeaseField, string>>;

export const NOTE_MAX = 1024;

export function emptyLeaseForm(): LeaseForm {
  return { count: '1', vertical: '', audience: '', language: '', regions: '', note: '' };
}

const optional = (value: string): string | null => (value.trim() === '' ? null : value.trim());

/** Region codes from "us, ca" → ["US", "CA"]; empty items are dropped. */
export function parseRegions(value: string): string[] {
  return value
    .split(',')
    .map((r) => r.trim().toUpperCase())
    .filter((r) => r !== '');
}

export function checkLeaseForm(form: LeaseForm): { input: LeaseRequestInput | null; errors: LeaseErrors } {
  const errors: LeaseErrors = {};
  const count = Number(form.count.trim());
  if (form.count.trim() === '' || !Number.isInteger(count) || count < 1 || count > 20) {
    errors.count = 'Number of accounts must be a whole number from 1 to 20.';
  }
  if (form.vertical.trim() === '') errors.vertical = 'Vertical is required (for example fitness).';
  const regions = parseRegions(form.regions);
  const bad = regions.filter((r) => !/^[A-Z]{2}$/.test(r));
  if (bad.length > 0) {
    errors.regions = `Regions must be two-letter country codes such as US, CA (not ${bad.join(', ')}).`;
  }
  if (form.note.length > NOTE_MAX) {
    errors.note = `Note must be at most ${NOTE_MAX} characters (it has ${form.note.length}).`;
  }
  if (Object.keys(errors).length > 0) return { input: null, errors };
  return {
    input: {
      count,
      vertical: form.vertical.trim(),
      audience: optional(form.audience),
      language: optional(form.language),
      regions,
      note: optional(form.note),
    },
    errors,
  };
}

const FIELDS: LeaseField[] = ['count', 'vertical', 'audience', 'language', 'regions', 'note'];

/** How a message names each field (its label, without the hints in brackets). */
export const LEASE_FIELD_NAMES: Record<LeaseField, string> = {
  count: 'Accounts',
  vertical: 'Vertical',
  audience: 'Audience',
  language: 'Language',
  regions: 'Regions',
  note: 'Note',
};

/** The form field an IpcError names, if it is one of ours. */
export function leaseFieldOf(field: string | null): LeaseField | null {
  if (!field) return null;
  const last = field.split('.').pop() ?? field;
  const name = last.replace(/\[\d+\]$/, '');
  if (name === 'geo') return 'regions';
  return (FIELDS as string[]).includes(name) ? (name as LeaseField) : null;
}
