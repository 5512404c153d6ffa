// Keyboard handling shared by the single-select lists (containers, plans): a roving tabindex,
// arrows / Home / End move and select, Enter or Space selects the focused row.
export function listboxKeydown(
  event: KeyboardEvent,
  ids: readonly string[],
  index: number,
  select: (id: string) => void,
): void {
  let next: number | null = null;
  switch (event.key) {
    case 'ArrowDown':
      next = Math.min(index + 1, ids.length - 1);
      break;
    case 'ArrowUp':
      next = Math.max(index - 1, 0);
      break;
    case 'Home':
      next = 0;
      break;
    case 'End':
      next = ids.length - 1;
      break;
    case 'Enter':
    case ' ': {
      const id = ids[index];
      if (id !== undefined) {
        event.preventDefault();
        select(id);
      }
      return;
    }
    default:
      return;
  }
  event.preventDefault();
  const id = ids[next];
  if (id === undefined) return;
  select(id);
  const list = (event.currentTarget as HTMLElement | null)?.closest('[role="listbox"]');
  // By id when rows carry one: a windowed list does not render every row, so the DOM index
  // is not the list index.
  const rows = Array.from(list?.querySelectorAll<HTMLElement>('[role="option"]') ?? []);
  const row = rows.find((r) => r.dataset.id === id) ?? (rows.some((r) => r.dataset.id) ? undefined : rows[next]);
  row?.focus();
}
