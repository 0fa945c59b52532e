/** The canonical JSON of a case, shared by the observation memo, the simulator's case hash and the relations. */
import type { Case } from './case.js';

const JSON_OF = new WeakMap<Case, string>();

/** `JSON.stringify(c)`, computed once per case object (cases are immutable values). */
export function caseJson(c: Case): string {
  let json = JSON_OF.get(c);
  if (json === undefined) {
    json = JSON.stringify(c);
    JSON_OF.set(c, json);
  }
  return json;
}
