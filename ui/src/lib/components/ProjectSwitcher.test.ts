import { describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { invoke } from '@tauri-apps/api/core';
import { makeConnection, routeInvoke } from '../../test/fixtures';
import type { ProjectView } from '../bindings';
import ProjectSwitcher from './ProjectSwitcher.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

const project = (id: string, name: string, customer: string | null, zone: string | null, needsYou = 0): ProjectView => ({
  id,
  name,
  customerExternalId: customer,
  timeZone: zone,
  needsYou,
  gone: false,
});

describe('ProjectSwitcher', () => {
  it('lists every project with its customer and zone, marks the one shown, and switches', async () => {
    routeInvoke(invoke, {
      list_projects: [project('prj_1', 'Spring Campaign', 'cust_1', 'America/Los_Angeles'), project('prj_2', 'Crunchtime', 'cust_2', 'Europe/Berlin', 2)],
    });
    const onSwitch = vi.fn(async () => {});
    const user = userEvent.setup();
    render(ProjectSwitcher, { connection: makeConnection({ projectId: 'prj_1' }), onSwitch });
    await user.click(screen.getByTestId('project-switcher'));
    const options = await screen.findAllByTestId('project-option');
    expect(options.map((o) => o.textContent)).toEqual([
      expect.stringContaining('customer cust_1 · America/Los_Angeles'),
      expect.stringContaining('customer cust_2 · Europe/Berlin'),
    ]);
    expect(options[0]).toHaveAttribute('aria-current', 'true');
    // What waits in each project shows in the list, so nothing waits unseen elsewhere.
    expect(within(options[1]!).getByTestId('project-needs-you')).toHaveTextContent('2 need you');
    expect(within(options[0]!).queryByTestId('project-needs-you')).toBeNull();
    expect(options[0]).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    expect(options[1]).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(onSwitch).toHaveBeenCalledWith('prj_2');
  });

  it('searches when there are many, says when none matches, and Escape goes back to the button', async () => {
    routeInvoke(invoke, {
      list_projects: Array.from({ length: 8 }, (_, i) => project(`prj_${i}`, `Client ${i}`, `cust_${i}`, i === 5 ? 'Asia/Tokyo' : null)),
    });
    const user = userEvent.setup();
    render(ProjectSwitcher, { connection: makeConnection({ projectId: 'prj_0' }), onSwitch: vi.fn() });
    await user.click(screen.getByTestId('project-switcher'));
    const search = await screen.findByTestId('project-search');
    expect(search).toHaveFocus();
    await user.type(search, 'tokyo');
    expect(screen.getAllByTestId('project-option').map((o) => o.dataset.id)).toEqual(['prj_5']);
    await user.clear(search);
    await user.type(search, 'nobody');
    expect(within(screen.getByTestId('project-panel')).getByText('No project matches “nobody”.')).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('project-panel')).toBeNull();
    expect(screen.getByTestId('project-switcher')).toHaveFocus();
  });

  it('lists a project the key no longer sees, saying nothing of it is sent', async () => {
    routeInvoke(invoke, { list_projects: [project('prj_1', 'A', null, null), { ...project('prj_old', 'Project prj_old', null, null), gone: true }] });
    const user = userEvent.setup();
    render(ProjectSwitcher, { connection: makeConnection({ projectId: 'prj_1' }), onSwitch: vi.fn() });
    await user.click(screen.getByTestId('project-switcher'));
    const old = (await screen.findAllByTestId('project-option'))[1]!;
    expect(within(old).getByTestId('project-gone')).toHaveTextContent('nothing of it is sent');
  });

  it('says why a switch failed, and keeps the list open', async () => {
    routeInvoke(invoke, { list_projects: [project('prj_1', 'A', null, null), project('prj_2', 'B', null, null)] });
    const onSwitch = vi.fn(async () => {
      throw { code: 'NOT_CONNECTED', message: 'not connected', retryable: false, field: null, details: null, apiCode: null };
    });
    const user = userEvent.setup();
    render(ProjectSwitcher, { connection: makeConnection({ projectId: 'prj_1' }), onSwitch });
    await user.click(screen.getByTestId('project-switcher'));
    await user.click((await screen.findAllByTestId('project-option'))[1]!);
    expect(await screen.findByRole('alert')).toHaveTextContent("Couldn't switch: not connected");
  });
});
