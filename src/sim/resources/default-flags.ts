import type { Obj, Store } from "../store.js";

/**
 * Makes `holder` the only object among `objects` with each of `flags` it holds (Kibana un-defaults the
 * previous default when another takes the flag); every object that loses a flag is touched.
 */
export function takeDefaultFlags(store: Store, objects: Iterable<Obj>, holder: Obj, flags: string[]): void {
  for (const other of objects) {
    if (other.id === holder.id) continue;
    let changed = false;
    for (const flag of flags) {
      if (holder[flag] && other[flag]) {
        other[flag] = false;
        changed = true;
      }
    }
    if (changed) store.touch(other);
  }
}
