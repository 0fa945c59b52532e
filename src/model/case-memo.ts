/** Memoising values derived from a case object (cases are immutable values, so a value never goes stale). */
import type { Case } from './case.js';

/**
 * A memo of values computed from a case object and a key: `make` runs once
 * per case object and key, and the entries go with the case object.
 */
export function caseMemo<K, V>(): (c: Case, key: K, make: () => V) => V {
  const byCase = new WeakMap<Case, Map<K, V>>();
  return (c, key, make) => {
    let values = byCase.get(c);
    if (values === undefined) {
      values = new Map();
      byCase.set(c, values);
    }
    let value = values.get(key);
    if (value === undefined) {
      value = make();
      values.set(key, value);
    }
    return value;
  };
}
