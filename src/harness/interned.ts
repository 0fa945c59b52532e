/**
 * Sharing of the values parsed from recurring text. Nearly every run prints
 * the same mount lines, log messages and workload lines as many runs before
 * it (the case root and container ID are masked first), so the parsed value
 * of each distinct text is built once and the same (never modified) object
 * goes into every observation that reads it: less parsing, and observations
 * that retain little, so each garbage collection has less to copy.
 */

/** How many distinct texts a table keeps before it starts afresh. */
const INTERNED_MAX = 50_000;

/** A table of values parsed from texts: `parse` runs once per distinct text (until the table is full and cleared). */
export function internTable<V>(parse: (text: string) => V): (text: string) => V {
  const values = new Map<string, V>();
  return (text) => {
    let value = values.get(text);
    if (value === undefined && !values.has(text)) {
      value = parse(text);
      if (values.size >= INTERNED_MAX) values.clear();
      values.set(text, value);
    }
    return value as V;
  };
}
