// A place to show in another project: the view is made anew when the project changes, so
// the place waits here for the new view to take it.
import type { Place } from './bindings';

let pending: Place | null = null;

export function holdPlace(place: Place) {
  pending = place;
}

export function takePlace(): Place | null {
  const place = pending;
  pending = null;
  return place;
}
