/**
 * Containment of the UI surface over real sockets, in all four setups: every way of asking for
 * a file outside the UI folder (plain, encoded and double-encoded `..`, encoded slashes,
 * backslashes, NUL bytes, symlinks out, dotfiles) is refused, and no answer ever carries a
 * byte of the files outside. Paths go on the wire verbatim, never normalised by a client.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodedText, rawRequest, socketRequest } from '../../helpers/raw-http.js';
import { bootRuntime, type RuntimeHarness } from '../../helpers/runtime-harness.js';
import { createUiPackage, secretMarker, type UiPackage } from '../../helpers/ui-package.js';
import { uiPortOf, uiSetups } from './ui-setups.js';

/** Paths below `/ui/` that try to leave the folder or are malformed: 400, PATH_REFUSED. */
const refusedPaths: Record<string, string> = {
  'plain ..': '../secret.txt',
  'plain .. deeper': 'assets/../../secret.txt',
  'a . segment': './index.html',
  'an empty segment': '/secret.txt',
  'encoded .. lowercase': '%2e%2e/secret.txt',
  'encoded .. uppercase': '%2E%2E/secret.txt',
  'encoded .. mixed with plain': '.%2e/secret.txt',
  'encoded slash': '..%2fsecret.txt',
  'encoded slash uppercase': '..%2Fsecret.txt',
  'encoded .. and slash': '%2e%2e%2fsecret.txt',
  'double-encoded ..': '%252e%252e/secret.txt',
  'double-encoded .. and slash': '%252e%252e%252fsecret.txt',
  'double-encoded slash': '..%252fsecret.txt',
  backslash: '..\\secret.txt',
  'encoded backslash': '..%5csecret.txt',
  'encoded backslash uppercase': '..%5Csecret.txt',
  'encoded NUL': 'index.html%00.js',
  'encoded NUL alone': '%00',
  'an encoded control character': 'index%0a.html',
};

/** Paths that name hidden or escaping files: 404 PAR_ERR_UI_ASSET_NOT_FOUND, as if absent. */
const absentPaths: Record<string, string> = {
  dotfile: '.env',
  'dot-folder': '.git/config',
  'encoded dotfile': '%2eenv',
  'symlink to a file outside': 'escape.txt',
  'symlink to a folder outside': 'linked-dir/secret.txt',
};

for (const setup of uiSetups) {
  describe(`UI containment, ${setup.name}`, () => {
    let pkg: UiPackage;
    let harness: RuntimeHarness;
    let port: number;
    const ui = `${setup.prefix}/ui`;

    before(async () => {
      pkg = await createUiPackage();
      harness = await bootRuntime(pkg.dir, setup.env);
      port = uiPortOf(setup, harness);
    });
    after(async () => {
      await harness.stop();
      await pkg.remove();
    });

    for (const [what, path] of Object.entries(refusedPaths)) {
      it(`refuses ${what} with 400 (${path})`, async () => {
        const response = await rawRequest(port, `${ui}/${path}`);
        const text = response.body.toString();
        assert.equal(response.status, 400, text);
        assert.doesNotMatch(text, new RegExp(secretMarker));
        const body = JSON.parse(text) as { error: { code: string }; request_id: string };
        assert.equal(body.error.code, 'PAR_ERR_UI_PATH_REFUSED');
        assert.equal(typeof body.request_id, 'string');
      });
    }

    for (const [what, path] of Object.entries(absentPaths)) {
      it(`answers a ${what} with 404 (${path})`, async () => {
        const response = await rawRequest(port, `${ui}/${path}`);
        const text = response.body.toString();
        assert.equal(response.status, 404, text);
        assert.doesNotMatch(text, new RegExp(secretMarker));
        const body = JSON.parse(text) as { error: { code: string } };
        assert.equal(body.error.code, 'PAR_ERR_UI_ASSET_NOT_FOUND');
      });
    }

    it('refuses a precompressed sibling that is a symlink leading outside', async () => {
      // leaky.js is a real file; leaky.js.br points outside and must not be sent for it.
      const response = await rawRequest(port, `${ui}/leaky.js`, {
        headers: { 'accept-encoding': 'br' },
      });
      assert.equal(response.status, 404);
      assert.doesNotMatch(decodedText(response), new RegExp(secretMarker));
      const plain = await rawRequest(port, `${ui}/leaky.js`);
      assert.equal(plain.status, 200);
      assert.equal(plain.body.toString(), 'console.log("leaky plain");\n');
    });

    it('lets the router refuse malformed percent-encoding with a 400 envelope', async () => {
      const response = await rawRequest(port, `${ui}/%E0%A4%A`);
      assert.equal(response.status, 400);
      const body = JSON.parse(response.body.toString()) as { error: { code: string } };
      assert.equal(body.error.code, 'PAR_ERR_REST_BAD_REQUEST');
    });

    it('refuses a raw NUL byte in the request line', async () => {
      const answer = await socketRequest(port, `GET ${ui}/index.html\u0000.js HTTP/1.1`);
      assert.match(answer, /^HTTP\/1\.1 400 /);
      assert.doesNotMatch(answer, new RegExp(secretMarker));
    });

    it('never leaks the files outside through HEAD either', async () => {
      for (const path of ['%2e%2e/secret.txt', 'escape.txt', '.env']) {
        const response = await rawRequest(port, `${ui}/${path}`, { method: 'HEAD' });
        assert.ok([400, 404].includes(response.status), `${path}: ${response.status}`);
        assert.equal(response.body.length, 0);
      }
    });
  });
}
