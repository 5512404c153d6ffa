// TikTok's rules for posting straight to a creator's profile, as the form applies them (the
// Content Sharing Guidelines every app posting to TikTok is audited against): who can watch is
// the user's pick, never a preset; comments, Duet and Stitch stay off until ticked; a
// commercial-content disclosure that is on says what it discloses; branded content is never
// "Only me". The API's fields are unchanged; these are the form's checks before queuing.
import type { Issue, MediaType } from './bindings';
import { applicability, type TargetForm } from './composer';

export function tiktokFormIssues(
  targets: readonly TargetForm[],
  platformOf: ReadonlyMap<string, string>,
  mediaType: MediaType | null | undefined,
): Issue[] {
  const out: Issue[] = [];
  targets.forEach((t, i) => {
    const a = applicability(platformOf.get(t.socialAccountId), t.mode, mediaType);
    if (!a.tiktokSettings || t.mode !== 'publish') return;
    const at = `targets[${i}].tiktokPostSettings`;
    if (t.privacyLevel === '') {
      out.push({
        path: `${at}.privacyLevel`,
        code: 'PRIVACY_NOT_CHOSEN',
        message: 'choose who can watch: TikTok has the creator pick it for every post',
        severity: 'error',
      });
    }
    if (t.disclose && !t.isBrandOrganic && !t.isBrandedContent) {
      out.push({
        path: `${at}.disclosure`,
        code: 'DISCLOSURE_EMPTY',
        message: 'say what the post promotes (your brand, a paid partner, or both), or turn the disclosure off',
        severity: 'error',
      });
    }
  });
  return out;
}

/** The declarations TikTok has the creator agree to before a post goes out, in words. */
export function tiktokDeclaration(targets: readonly TargetForm[], platformOf: ReadonlyMap<string, string>): string | null {
  const tiktok = targets.filter((t) => platformOf.get(t.socialAccountId) === 'tiktok' && t.mode === 'publish');
  if (tiktok.length === 0) return null;
  const branded = tiktok.some((t) => t.disclose && t.isBrandedContent);
  return branded
    ? "By posting, you agree to TikTok's Branded Content Policy and Music Usage Confirmation."
    : "By posting, you agree to TikTok's Music Usage Confirmation.";
}
