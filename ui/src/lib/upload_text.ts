// How an upload's progress reads: sizes, speed and time left.
import type { UploadView } from './bindings';

export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${Math.round(bytes / 1000)} KB`;
  const mb = bytes / 1_000_000;
  return `${mb >= 10 ? Math.round(mb) : mb.toFixed(1)} MB`;
}

export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(Math.round(bytesPerSecond))}/s`;
}

export function formatLeft(seconds: number): string {
  if (seconds < 1) return 'almost done';
  if (seconds < 60) return `${Math.ceil(seconds)} s left`;
  const minutes = Math.ceil(seconds / 60);
  return minutes < 60 ? `${minutes} min left` : `${Math.floor(minutes / 60)} h ${minutes % 60} min left`;
}

/** The whole upload's bytes: sent, total, and the share (0 to 1). */
export function uploadShare(u: UploadView): { sent: number; total: number; share: number } {
  const total = u.files.reduce((n, f) => n + f.sizeBytes, 0);
  const sent = u.files.reduce((n, f) => n + f.sentBytes, 0);
  return { sent, total, share: total === 0 ? 0 : sent / total };
}

/** One line for the upload's state, as the list shows it. */
export function uploadStateText(u: UploadView): string {
  const sending = u.files.some((f) => !f.sent && f.sentBytes > 0);
  switch (u.state) {
    case 'queued':
      return u.attempts > 0 ? 'Waiting to try again' : 'Waiting to go';
    case 'sending':
      if (u.files.every((f) => f.sent)) return 'Finishing';
      return sending ? 'Uploading' : 'Starting';
    case 'done':
      return u.containerIds.length > 1 ? `Ready: ${u.containerIds.length} posts` : 'Ready to publish';
    case 'failed':
      return 'Not uploaded';
    case 'canceled':
      return 'Stopped';
  }
}
