/** A gradient that is the very tensor of another gradient name (`dhprebn = dbndiff`, no `.clone()`). */
import { describe, expect, it } from 'vitest';
import { aliasDiagnosis, sharedNames } from '../../../core/diagnose/alias-story';

// dbndiff = … (handle 7); dbndiff += … (7); dhprebn = dbndiff (7); dhprebn += … (7); dembcat = … (9).
const bindings = [
  { name: 'dbndiff', handle: 7 },
  { name: 'dbndiff', handle: 7 },
  { name: 'dhprebn', handle: 7 },
  { name: 'dhprebn', handle: 7 },
  { name: 'dembcat', handle: 9 },
];

describe('names that share one tensor', () => {
  it('in the order they were bound to it', () => {
    expect(sharedNames('dbndiff', bindings)).toEqual(['dbndiff', 'dhprebn']);
    expect(sharedNames('dhprebn', bindings)).toEqual(['dbndiff', 'dhprebn']);
    expect(sharedNames('dembcat', bindings)).toEqual([]);
  });

  it('not once a name is bound to another tensor (`dhprebn = dbndiff.clone()` after)', () => {
    expect(sharedNames('dbndiff', [...bindings, { name: 'dhprebn', handle: 8 }])).toEqual([]);
  });

  it('says which line names it twice and the copy to write, whichever of the two is checked', () => {
    const said =
      '`dhprebn = dbndiff` gives dbndiff a second name and does not copy it, so writing into either in place ' +
      '(`+=`, `[…] =`) changes both';
    const d = aliasDiagnosis('dbndiff', ['dbndiff', 'dhprebn'])!;
    expect(d.kind).toBe('alias');
    expect(d.message).toContain('dbndiff is the same tensor as dhprebn: ' + said);
    expect(d.message).toContain(
      'dbndiff is no longer what its own lines computed. Copy it: `dhprebn = dbndiff.clone()`',
    );
    expect(aliasDiagnosis('dhprebn', ['dbndiff', 'dhprebn'])!.message).toContain(
      'dhprebn is the same tensor as dbndiff: ' + said,
    );
    expect(aliasDiagnosis('dbndiff', [])).toBeNull();
  });
});
