import { describe, expect, it } from 'vitest';
import { describeChanges } from '../../../shared/domain/audit.ts';

describe('describeChanges', () => {
  it('lists a changed field with its value before and after', () => {
    expect(describeChanges({ name: 'a', summary: 's' }, { name: 'b', summary: 's' })).toEqual([
      { path: 'name', from: 'a', to: 'b' },
    ]);
  });

  it('lists an added field without from and a removed one without to', () => {
    expect(describeChanges({ removed: 1 }, { added: 2 })).toEqual([
      { path: 'added', to: 2 },
      { path: 'removed', from: 1 },
    ]);
  });

  it('goes into objects field by field', () => {
    const before = { location: { lat: 1, lon: 2, accuracy: 'exact' } };
    const after = { location: { lat: 1, lon: 3, accuracy: 'exact' } };

    expect(describeChanges(before, after)).toEqual([{ path: 'location.lon', from: 2, to: 3 }]);
  });

  it('lists only the elements appended to an array', () => {
    expect(describeChanges({ history: ['a'] }, { history: ['a', 'b', 'c'] })).toEqual([
      { path: 'history.1', to: 'b' },
      { path: 'history.2', to: 'c' },
    ]);
  });

  it('lists any other array change as the whole array', () => {
    expect(describeChanges({ programs: ['a', 'b'] }, { programs: ['b'] })).toEqual([
      { path: 'programs', from: ['a', 'b'], to: ['b'] },
    ]);
  });

  it('treats an undefined member like an absent one and leaves out ignored fields', () => {
    expect(describeChanges({ a: undefined, version: 1 }, { version: 2 }, ['version'])).toEqual([]);
  });
});
