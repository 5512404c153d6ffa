// How the files a user picked become uploads: each video is a post of its own, photos go
// together as one slideshow (2 to 10) unless the user asks for one post per photo. A refused
// file stays in the list with its rule and is simply left out.
import type { PickedFile, UploadRequest } from './bindings';
import { MAX_UPLOAD_CAPTION_CHARS, MAX_UPLOAD_FILES } from './bindings';

export type Arrangement = { batches: UploadRequest[]; blocker: string | null };

export function arrange(files: PickedFile[], slideshow: boolean, caption: string): Arrangement {
  const ok = files.filter((f) => !f.refused);
  const videos = ok.filter((f) => f.kind === 'video');
  const photos = ok.filter((f) => f.kind === 'image');
  const batches: UploadRequest[] = videos.map((v) => ({ tokens: [v.token], grouping: 'per-file' }));
  if (slideshow && photos.length >= 2) {
    batches.push({ tokens: photos.map((p) => p.token), grouping: 'slideshow' });
  } else {
    for (const p of photos) batches.push({ tokens: [p.token], grouping: 'per-file' });
  }
  return { batches, blocker: blocker(files, ok.length, slideshow, photos.length, caption) };
}

function blocker(
  files: PickedFile[],
  ready: number,
  slideshow: boolean,
  photos: number,
  caption: string,
): string | null {
  if (files.length === 0) return 'Add videos or photos first.';
  if (ready === 0) return 'None of these files can be uploaded; see why beside each.';
  if (slideshow && photos > MAX_UPLOAD_FILES) {
    return `A slideshow holds at most ${MAX_UPLOAD_FILES} photos (${photos} picked); take some out.`;
  }
  const length = [...caption].length;
  if (length > MAX_UPLOAD_CAPTION_CHARS) {
    return `The caption is ${length - MAX_UPLOAD_CAPTION_CHARS} characters over the ${MAX_UPLOAD_CAPTION_CHARS} Layers takes.`;
  }
  return null;
}

/** What the upload button will make, in words ("2 posts: a video and a slideshow of 3 photos"). */
export function outcome(batches: UploadRequest[], files: PickedFile[]): string {
  const kind = (token: string | undefined) => files.find((f) => f.token === token)?.kind;
  const parts = batches.map((b) =>
    b.grouping === 'slideshow'
      ? `a slideshow of ${b.tokens.length} photos`
      : kind(b.tokens[0]) === 'video'
        ? 'a video'
        : 'a photo',
  );
  if (parts.length === 0) return '';
  const counted = new Map<string, number>();
  for (const p of parts) counted.set(p, (counted.get(p) ?? 0) + 1);
  const words = [...counted].map(([p, n]) =>
    n === 1 ? p : `${n} ${p.replace(/^an? /, '').replace(/^(video|photo)$/, '$1s')}`,
  );
  const list = words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words.at(-1)}` : words[0];
  return `${parts.length === 1 ? '1 post' : `${parts.length} posts`}: ${list}`;
}
