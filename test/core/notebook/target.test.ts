import assert from 'node:assert/strict';
import { mergeTargets, resolveTarget } from '../../../src/core/notebook/target';

describe('core/notebook/target', () => {
  it('lets a cell override the notebook field by field', () => {
    assert.deepEqual(mergeTargets({ runOn: 'local', evidence: 'ev', region: 'us-east-1' }, { evidence: 'other' }), { runOn: 'local', evidence: 'other', region: 'us-east-1' });
  });

  it('resolves the evidence folder relative to the notebook', () => {
    assert.deepEqual(resolveTarget({ evidence: 'evidence' }, '/cases/c1'), { kind: 'evidence', folder: '/cases/c1/evidence' });
    assert.deepEqual(resolveTarget({ evidence: '/abs/ev' }, undefined), { kind: 'evidence', folder: '/abs/ev' });
  });

  it('explains what is missing', () => {
    assert.throws(() => resolveTarget({}, '/x'), /No evidence folder is set/);
    assert.throws(() => resolveTarget({ evidence: 'ev' }, undefined), /has not been saved yet/);
    assert.throws(() => resolveTarget({ runOn: 'aws', evidence: 'ev' }, '/x'), /Running on AWS is not available/);
  });
});
