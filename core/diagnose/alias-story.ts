/**
 * `dhprebn = dbndiff` names one tensor twice (Python binds a name, it does not copy): `dhprebn += …` then
 * changes dbndiff too, and a cmp of dbndiff after it sees values its own lines never computed (the learners'
 * solutions that leave out `.clone()`). Told when a wrong gradient is the very tensor of another of the
 * learner's gradients; which name was bound from which comes from the order the names were bound.
 */
import type { Diagnosis } from './types';

/** Names bound to one tensor, in the order they were bound to it: the first is the original. */
export type SharedNames = readonly string[];

export function aliasDiagnosis(gradName: string, shared: SharedNames): Diagnosis | null {
  if (shared.length < 2 || !shared.includes(gradName)) return null;
  const [original, ...copies] = shared;
  const copy = gradName === original ? copies[0] : gradName;
  return {
    kind: 'alias',
    message:
      `${gradName} is the same tensor as ${shared.filter((n) => n !== gradName).join(' and ')}: ` +
      `\`${copy} = ${original}\` gives ${original} a second name and does not copy it, so writing into either in ` +
      `place (\`+=\`, \`[…] =\`) changes both, and ${gradName} is no longer what its own lines computed. ` +
      `Copy it: \`${copy} = ${original}.clone()\``,
  };
}

/**
 * The names sharing `gradName`'s tensor at a place, from the learner's gradient bindings seen so far (name and
 * tensor handle, in the order they ran): the first name bound to that tensor, then the others.
 */
export function sharedNames(gradName: string, bindings: readonly { name: string; handle: number }[]): string[] {
  const mine = bindings.filter((b) => b.name === gradName).at(-1);
  if (!mine) return [];
  // A name counts while its latest binding is still that tensor.
  const latest = new Map<string, number>();
  for (const b of bindings) latest.set(b.name, b.handle);
  const order: string[] = [];
  for (const b of bindings)
    if (b.handle === mine.handle && latest.get(b.name) === mine.handle && !order.includes(b.name)) order.push(b.name);
  return order.length > 1 ? order : [];
}
