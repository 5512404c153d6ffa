// Light, dark, or the system's choice. The choice is this window's own (kept in
// localStorage, like the recent zones); the page always carries the theme it shows as
// `data-theme`, so the stylesheet has one dark palette and native controls follow it.
export type ThemeChoice = 'system' | 'light' | 'dark';

const KEY = 'layers-desk.theme';
const DARK = '(prefers-color-scheme: dark)';

function read(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

class Theme {
  choice = $state<ThemeChoice>(read());
  #media: MediaQueryList | null = typeof matchMedia === 'function' ? matchMedia(DARK) : null;

  /** The theme shown: the choice, or the system's for "system". */
  get shown(): 'light' | 'dark' {
    if (this.choice !== 'system') return this.choice;
    return this.#media?.matches ? 'dark' : 'light';
  }

  set(choice: ThemeChoice) {
    this.choice = choice;
    try {
      if (choice === 'system') localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, choice);
    } catch {
      // A window without storage keeps the choice until it closes.
    }
    this.apply();
  }

  apply(root: HTMLElement = document.documentElement) {
    root.dataset.theme = this.shown;
  }

  /** Applies the theme now and whenever the system's changes; returns the cleanup. */
  start(): () => void {
    this.apply();
    const follow = () => this.apply();
    this.#media?.addEventListener('change', follow);
    return () => this.#media?.removeEventListener('change', follow);
  }
}

export const theme = new Theme();
