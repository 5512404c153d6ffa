import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { invoke } from '@tauri-apps/api/core';
import { ipcError, routeInvoke } from '../../test/fixtures';
import type { PickedFile } from '../bindings';
import UploadForm from './UploadForm.svelte';
import CaptionEditor from './CaptionEditor.svelte';
import { makeContainer } from '../../test/fixtures';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

const picked = (token: string, filename: string, kind: 'video' | 'image' | null, refused?: string): PickedFile => ({
  token,
  filename,
  sizeBytes: 2_400_000,
  kind,
  contentType: kind === 'video' ? 'video/mp4' : kind ? 'image/png' : null,
  refused: refused ? { path: 'files[0]', code: 'FILE_DISGUISED', message: refused, severity: 'error' } : null,
});

function calls(cmd: string) {
  return vi.mocked(invoke).mock.calls.filter(([c]) => c === cmd);
}

describe('UploadForm', () => {
  it('lists picked files, keeps a refused one with its rule, and queues the rest as a video and a slideshow', async () => {
    routeInvoke(invoke, {
      pick_files: [
        picked('v', 'clip.mp4', 'video'),
        picked('a', 'a.png', 'image'),
        picked('f', 'fake.mp4', null, 'fake.mp4: its name says video/mp4 but the file is image/png'),
        picked('b', 'b.png', 'image'),
      ],
      queue_uploads: ['upl_1', 'upl_2'],
    });
    const onQueued = vi.fn();
    const user = userEvent.setup();
    render(UploadForm, { onQueued, onImported: vi.fn(), onClose: vi.fn() });
    expect(screen.getByTestId('upload-start')).toBeDisabled();
    expect(screen.getByTestId('upload-outcome')).toHaveTextContent('Add videos or photos first.');
    await user.click(screen.getByTestId('upload-pick'));
    expect(await screen.findAllByTestId('upload-file')).toHaveLength(4);
    expect(screen.getByTestId('upload-file-refused')).toHaveTextContent('fake.mp4: its name says video/mp4');
    expect(screen.getByTestId('upload-outcome')).toHaveTextContent('2 posts: a video and a slideshow of 2 photos');
    await user.type(screen.getByTestId('upload-caption'), 'Hello');
    expect(screen.getByTestId('upload-caption-count')).toHaveTextContent('5 / 2200');
    await user.click(screen.getByTestId('upload-start'));
    expect(calls('queue_uploads')[0]![1]).toEqual({
      batches: [
        { tokens: ['v'], grouping: 'per-file' },
        { tokens: ['a', 'b'], grouping: 'slideshow' },
      ],
      caption: 'Hello',
    });
    await vi.waitFor(() => expect(onQueued).toHaveBeenCalledWith(['upl_1', 'upl_2']));
  });

  it('marks the file the backend refused when queuing, and loses nothing typed', async () => {
    routeInvoke(invoke, {
      pick_files: [picked('a', 'a.png', 'image')],
      queue_uploads: () => {
        throw ipcError({
          code: 'VALIDATION',
          message: 'a.png: the file cannot be read',
          details: { issues: [{ path: 'files[0]', code: 'FILE_UNREADABLE', message: 'a.png: the file cannot be read (gone)', severity: 'error' }] },
        });
      },
    });
    const onQueued = vi.fn();
    const user = userEvent.setup();
    render(UploadForm, { onQueued, onImported: vi.fn(), onClose: vi.fn() });
    await user.click(screen.getByTestId('upload-pick'));
    await user.type(await screen.findByTestId('upload-caption'), 'Keep me');
    await user.click(screen.getByTestId('upload-start'));
    expect(await screen.findByTestId('upload-file-refused')).toHaveTextContent('a.png: the file cannot be read (gone)');
    expect(screen.getByTestId('upload-caption')).toHaveValue('Keep me');
    expect(onQueued).not.toHaveBeenCalled();
    expect(screen.getByTestId('upload-start')).toBeDisabled();
  });

  it('makes a post from links: a refused line is named, nothing typed is lost, the fixed one imports', async () => {
    let refuse = true;
    routeInvoke(invoke, {
      import_urls: () => {
        if (refuse) {
          throw ipcError({
            code: 'VALIDATION',
            message: 'a link is refused',
            details: {
              issues: [
                { path: 'urls[1]', code: 'URL_NOT_HTTPS', message: 'http://cdn.example/b.jpg: Layers fetches media from public https URLs only', severity: 'error' },
              ],
            },
          });
        }
        return makeContainer({ id: 'cnt_links' });
      },
    });
    const onImported = vi.fn();
    const user = userEvent.setup();
    render(UploadForm, { onQueued: vi.fn(), onImported, onClose: vi.fn() });
    await user.click(screen.getByTestId('upload-links-toggle'));
    expect(screen.getByTestId('upload-import')).toBeDisabled();
    const box = screen.getByTestId('upload-links');
    await user.type(box, 'https://cdn.example/a.jpg{Enter}  http://cdn.example/b.jpg {Enter}{Enter}');
    await user.type(screen.getByTestId('upload-caption'), 'Two');
    expect(screen.getByTestId('upload-import')).toHaveTextContent('Make a post of 2 links');
    await user.click(screen.getByTestId('upload-import'));
    expect(await screen.findByTestId('upload-link-refused')).toHaveTextContent('Link 2: http://cdn.example/b.jpg: Layers fetches');
    expect(calls('import_urls')[0]![1]).toEqual({ urls: ['https://cdn.example/a.jpg', 'http://cdn.example/b.jpg'], caption: 'Two' });
    expect(box).toHaveValue('https://cdn.example/a.jpg\n  http://cdn.example/b.jpg \n\n');
    expect(screen.getByTestId('upload-caption')).toHaveValue('Two');
    expect(onImported).not.toHaveBeenCalled();
    refuse = false;
    await user.clear(box);
    await user.type(box, 'https://cdn.example/a.jpg');
    await user.click(screen.getByTestId('upload-import'));
    await vi.waitFor(() => expect(onImported).toHaveBeenCalledWith(expect.objectContaining({ id: 'cnt_links' })));
    expect(screen.queryByTestId('upload-link-refused')).toBeNull();
  });
});

describe('CaptionEditor', () => {
  it('counts against the limit, saves, and keeps the text when the save fails', async () => {
    let fail = true;
    routeInvoke(invoke, {
      edit_caption: () => {
        if (fail) throw ipcError({ code: 'NETWORK', message: 'network: could not connect' });
        return makeContainer({ id: 'cnt_u', caption: 'New words' });
      },
    });
    const onClose = vi.fn();
    const user = userEvent.setup();
    render(CaptionEditor, { container: makeContainer({ id: 'cnt_u', caption: 'Old', uploaded: true }), onClose });
    const box = screen.getByTestId('caption-edit');
    await user.clear(box);
    await user.type(box, 'New words');
    expect(screen.getByTestId('caption-edit-count')).toHaveTextContent('9 / 2200');
    await user.click(screen.getByTestId('caption-save'));
    expect(await screen.findByTestId('caption-edit-error')).toHaveTextContent('could not connect');
    expect(box).toHaveValue('New words');
    fail = false;
    await user.click(screen.getByTestId('caption-save'));
    await vi.waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(calls('edit_caption').at(-1)![1]).toEqual({ containerId: 'cnt_u', caption: 'New words' });
  });
});
