import { describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { invoke } from '@tauri-apps/api/core';
import { routeInvoke } from '../../test/fixtures';
import type { ImportReport } from '../bindings';
import ImportSheet from './ImportSheet.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

const row = (n: number, status: ImportReport['rows'][number]['status'], planId: string | null = null) => ({
  row: n,
  status,
  containerId: 'cnt_1',
  files: '',
  accounts: '@maya.snaps',
  when: n === 2 ? 'now' : '2027-03-28 09:30 Europe/Paris',
  planId,
  uploadId: null as string | null,
});

describe('ImportSheet', () => {
  it('shows each row with its problems, blocks the import until the sheet is fixed, then queues it', async () => {
    let fixed = false;
    routeInvoke(invoke, {
      check_sheet: (): ImportReport =>
        fixed
          ? { rows: [row(2, 'ready'), row(3, 'ready')], issues: [], unknownColumns: [], imported: false }
          : {
              rows: [row(2, 'ready'), row(3, 'refused')],
              issues: [
                { path: 'rows[3].time', code: 'VALIDATION', message: 'Row 3, time: 02:30 does not exist on 2027-03-28 in Europe/Paris', severity: 'error' },
                { path: 'columns.notes', code: 'UNKNOWN_COLUMN', message: 'Column notes is not one an import reads; it is left out', severity: 'warning' },
              ],
              unknownColumns: ['notes'],
              imported: false,
            },
      import_sheet: (): ImportReport => ({
        rows: [row(2, 'ready', 'plan_a'), row(3, 'ready', 'plan_b')],
        issues: [],
        unknownColumns: [],
        imported: true,
      }),
    });
    const user = userEvent.setup();
    render(ImportSheet, { sheet: { token: 't1', filename: 'march.csv' }, onClose: vi.fn() });
    expect(await screen.findByTestId('import-summary')).toHaveTextContent('2 rows: 1 ready, 1 to fix');
    const refused = screen.getAllByTestId('import-row').find((r) => r.dataset.row === '3')!;
    expect(refused.dataset.status).toBe('refused');
    expect(within(refused).getByText(/Row 3, time: 02:30 does not exist/)).toBeInTheDocument();
    expect(screen.getByText(/Column notes is not one an import reads/)).toBeInTheDocument();
    expect(screen.getByTestId('import-confirm')).toBeDisabled();

    fixed = true;
    await user.click(screen.getByTestId('import-check'));
    expect(await screen.findByText('2 rows: 2 ready.')).toBeInTheDocument();
    await user.click(screen.getByTestId('import-confirm'));
    expect(await screen.findByText('Queued 2 plans.')).toBeInTheDocument();
    expect(vi.mocked(invoke).mock.calls.filter(([c]) => c === 'import_sheet')).toHaveLength(1);
    expect(screen.queryByTestId('import-confirm')).toBeNull();
  });

  it('shows a row that posts local files, and says its plan waits for the upload', async () => {
    const files = { ...row(2, 'ready', 'plan_f'), containerId: '', files: 'media/clip.mp4|media/b.png', uploadId: 'upl_1' };
    routeInvoke(invoke, {
      check_sheet: (): ImportReport => ({ rows: [{ ...files, planId: null, uploadId: null }], issues: [], unknownColumns: [], imported: false }),
      import_sheet: (): ImportReport => ({ rows: [files], issues: [], unknownColumns: [], imported: true }),
    });
    const user = userEvent.setup();
    render(ImportSheet, { sheet: { token: 't', filename: 'plans.csv' }, onClose: vi.fn() });
    const shown = await screen.findByTestId('import-row');
    expect(shown).toHaveTextContent('Files: clip.mp4, b.png');
    await user.click(screen.getByTestId('import-confirm'));
    expect(await screen.findByText(/1 of them waits for its files to upload/)).toBeInTheDocument();
    expect(screen.getByTestId('import-row')).toHaveTextContent('uploading its files first');
  });
});
