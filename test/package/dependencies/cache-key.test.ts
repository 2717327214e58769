import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cacheKeyOf } from '../../../src/package/dependencies/cache-key.js';
import type { Lockfile } from '../../../src/package/dependencies/package-files.js';

function lockfile(version: string, depVersion = '1.0.0'): Lockfile {
  const data = {
    name: 'agent',
    version,
    lockfileVersion: 3,
    packages: {
      '': { name: 'agent', version, dependencies: { dep: depVersion } },
      'node_modules/dep': { version: depVersion, integrity: `sha512-${depVersion}` },
    },
  };
  return { fileName: 'package-lock.json', text: JSON.stringify(data), data };
}

describe('cacheKeyOf', () => {
  it("ignores the agent's own version but not its dependencies", () => {
    const v1 = cacheKeyOf(lockfile('1.0.0'), false);
    assert.equal(cacheKeyOf(lockfile('2.0.0'), false).id, v1.id);
    assert.notEqual(cacheKeyOf(lockfile('1.0.0', '1.0.1'), false).id, v1.id);
    assert.match(v1.id, /^[0-9a-f]{64}$/);
  });

  it('separates installs with and without install scripts, and records what it covers', () => {
    const off = cacheKeyOf(lockfile('1.0.0'), false);
    const on = cacheKeyOf(lockfile('1.0.0'), true);
    assert.notEqual(on.id, off.id);
    assert.equal(off.parts.nodeMajor, Number(process.versions.node.split('.')[0]));
    assert.equal(off.parts.platform, process.platform);
    assert.equal(off.parts.arch, process.arch);
  });
});
