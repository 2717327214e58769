/**
 * The UI surface over real sockets, in all four setups (multiplexed or standalone, with and
 * without a base path): the index and SPA fallback, missing assets, content types, HEAD, ETag
 * and 304, cache headers, on-the-fly and precompressed compression, ui-config.json and health.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { connectionRefused } from '../../helpers/http-calls.js';
import { decodedText, rawRequest } from '../../helpers/raw-http.js';
import { bootRuntime, type RuntimeHarness } from '../../helpers/runtime-harness.js';
import {
  appJs,
  bundleVariants,
  createUiPackage,
  indexHtml,
  styleCss,
  type UiPackage,
} from '../../helpers/ui-package.js';
import { uiPortOf, uiSetups } from './ui-setups.js';

const immutable = 'public, max-age=31536000, immutable';

for (const setup of uiSetups) {
  describe(`UI surface, ${setup.name}`, () => {
    let pkg: UiPackage;
    let harness: RuntimeHarness;
    let port: number;
    const ui = `${setup.prefix}/ui`;
    const get = (path: string, headers: Record<string, string> = {}) =>
      rawRequest(port, path, { headers });

    before(async () => {
      pkg = await createUiPackage();
      harness = await bootRuntime(pkg.dir, setup.env);
      assert.equal(harness.runtime.lifecycle.state, 'READY', JSON.stringify(harness.logs.records));
      port = uiPortOf(setup, harness);
    });
    after(async () => {
      await harness.stop();
      await pkg.remove();
    });

    it('serves index.html at ui/ as text/html, never cached, with an ETag', async () => {
      const response = await get(`${ui}/`);
      assert.equal(response.status, 200);
      assert.equal(response.body.toString(), indexHtml);
      assert.match(String(response.headers['content-type']), /^text\/html; charset=utf-8/);
      assert.equal(response.headers['cache-control'], 'no-cache');
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
      assert.match(String(response.headers.etag), /^W\/".+"$/);
    });

    it('redirects ui to ui/ so relative asset URLs resolve, keeping the query', async () => {
      const response = await get(`${ui}?tab=2`);
      assert.equal(response.status, 308);
      assert.equal(response.headers.location, `${ui}/?tab=2`);
    });

    it('answers deep links without an extension with the index (SPA fallback)', async () => {
      for (const link of ['about', 'about/', 'users/42/settings', 'assets']) {
        const response = await get(`${ui}/${link}`);
        assert.equal(response.status, 200, link);
        assert.equal(response.body.toString(), indexHtml, link);
        assert.equal(response.headers['cache-control'], 'no-cache', link);
      }
    });

    it('answers a missing asset with a 404 envelope, not the index', async () => {
      for (const asset of ['missing.js', 'assets/gone.0a1b2c3d.css', 'users/42/photo.png']) {
        const response = await get(`${ui}/${asset}`);
        assert.equal(response.status, 404, asset);
        const body = JSON.parse(response.body.toString()) as { error: { code: string } };
        assert.equal(body.error.code, 'PAR_ERR_UI_ASSET_NOT_FOUND');
      }
    });

    it('sends each file with its content type', async () => {
      const expected: Record<string, RegExp> = {
        'app.3f9a1c2b.js': /^application\/javascript; charset=utf-8$/,
        'style.css': /^text\/css; charset=utf-8$/,
        'logo.svg': /^image\/svg\+xml/,
        'data.json': /^application\/json/,
      };
      for (const [file, type] of Object.entries(expected)) {
        const response = await get(`${ui}/${file}`);
        assert.equal(response.status, 200, file);
        assert.match(String(response.headers['content-type']), type, file);
      }
    });

    it('caches fingerprinted files for a year as immutable and revalidates the rest', async () => {
      const cases: Record<string, string> = {
        'app.3f9a1c2b.js': immutable,
        'assets/chunk-0a1b2c3d4e.css': immutable,
        'style.css': 'no-cache',
        'logo.svg': 'no-cache',
        'alias.js': 'no-cache',
      };
      for (const [file, cacheControl] of Object.entries(cases)) {
        const response = await get(`${ui}/${file}`);
        assert.equal(response.status, 200, file);
        assert.equal(response.headers['cache-control'], cacheControl, file);
      }
      // A symlink inside the UI folder is followed.
      assert.equal((await get(`${ui}/alias.js`)).body.toString(), appJs);
    });

    it('answers HEAD with the headers of GET and no body', async () => {
      const head = await rawRequest(port, `${ui}/app.3f9a1c2b.js`, { method: 'HEAD' });
      const full = await get(`${ui}/app.3f9a1c2b.js`);
      assert.equal(head.status, 200);
      assert.equal(head.body.length, 0);
      assert.equal(head.headers['content-length'], String(Buffer.byteLength(appJs)));
      assert.equal(head.headers.etag, full.headers.etag);
      assert.equal(head.headers['cache-control'], immutable);
    });

    it('answers 304 to a matching If-None-Match and 200 to a stale one', async () => {
      for (const path of [`${ui}/`, `${ui}/about`, `${ui}/style.css`]) {
        const first = await get(path);
        const etag = String(first.headers.etag);
        const again = await get(path, { 'if-none-match': etag });
        assert.equal(again.status, 304, path);
        assert.equal(again.body.length, 0, path);
        assert.equal(again.headers.etag, etag, path);
        const stale = await get(path, { 'if-none-match': 'W/"stale"' });
        assert.equal(stale.status, 200, path);
      }
    });

    it('compresses on the fly with br or gzip when the client accepts them', async () => {
      const br = await get(`${ui}/style.css`, { 'accept-encoding': 'gzip, br' });
      assert.equal(br.headers['content-encoding'], 'br');
      assert.equal(decodedText(br), styleCss);
      assert.ok(br.body.length < Buffer.byteLength(styleCss) / 4, `${br.body.length} bytes`);
      assert.match(String(br.headers.vary), /accept-encoding/i);

      const gzip = await get(`${ui}/style.css`, { 'accept-encoding': 'gzip' });
      assert.equal(gzip.headers['content-encoding'], 'gzip');
      assert.equal(decodedText(gzip), styleCss);

      const identity = await get(`${ui}/style.css`);
      assert.equal(identity.headers['content-encoding'], undefined);
      assert.equal(identity.body.toString(), styleCss);
    });

    it('compresses only the UI: REST answers stay as the REST surface sends them', async () => {
      const message = 'y'.repeat(4096);
      const response = await new Promise<{ encoding: unknown; body: string }>((resolve) => {
        const request = http.request(
          {
            host: '127.0.0.1',
            port: harness.restPort,
            path: `${setup.prefix}/invoke`,
            method: 'POST',
            headers: { 'content-type': 'application/json', 'accept-encoding': 'br, gzip' },
          },
          (answer) => {
            let body = '';
            answer.setEncoding('latin1');
            answer.on('data', (chunk: string) => (body += chunk));
            answer.on('end', () => resolve({ encoding: answer.headers['content-encoding'], body }));
          }
        );
        request.end(JSON.stringify({ input: { message } }));
      });
      assert.equal(response.encoding, undefined);
      assert.match(response.body, new RegExp(message));
    });

    it('sends the precompressed .br or .gz sibling when present and accepted', async () => {
      const path = `${ui}/bundle.0a1b2c3d.js`;
      const br = await get(path, { 'accept-encoding': 'br, gzip' });
      assert.equal(br.headers['content-encoding'], 'br');
      assert.equal(decodedText(br), bundleVariants.br);
      assert.match(String(br.headers['content-type']), /^application\/javascript/);
      assert.equal(br.headers['cache-control'], immutable);

      const gzip = await get(path, { 'accept-encoding': 'gzip' });
      assert.equal(gzip.headers['content-encoding'], 'gzip');
      assert.equal(decodedText(gzip), bundleVariants.gz);

      const plain = await get(path);
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.equal(plain.body.toString(), bundleVariants.plain);
    });

    it('tells the UI where the REST API lives in ui-config.json', async () => {
      const response = await get(`${setup.prefix}/ui-config.json`);
      assert.equal(response.status, 200);
      assert.equal(response.headers['cache-control'], 'no-store');
      const restOrigin = setup.standalone ? `http://127.0.0.1:${harness.restPort}` : '';
      const restBase = `${restOrigin}${setup.prefix}`;
      assert.deepEqual(JSON.parse(response.body.toString()), {
        agentId: 'test-agent',
        name: 'ui-agent',
        version: '2.0.0',
        mode: setup.standalone ? 'standalone' : 'multiplexed',
        basePath: setup.prefix === '' ? '/' : setup.prefix,
        uiBase: `${ui}/`,
        restBase,
        apiBase: `${restBase}/api`,
        invokeUrl: `${restBase}/invoke`,
      });

      // Reached through a proxy on another port: REST is taken to share the proxy's origin.
      const proxied = await get(`${setup.prefix}/ui-config.json`, { host: 'agents.example.com' });
      const proxiedBody = JSON.parse(proxied.body.toString()) as Record<string, unknown>;
      assert.equal(proxiedBody.restBase, setup.prefix);
      assert.equal(proxiedBody.invokeUrl, `${setup.prefix}/invoke`);
    });

    it('reports the UI as served on ui/health, /health and /meta', async () => {
      const uiHealth = JSON.parse((await get(`${ui}/health`)).body.toString()) as Record<
        string,
        unknown
      >;
      assert.equal(uiHealth.ok, true);
      assert.equal(uiHealth.service, 'ui');
      assert.equal(uiHealth.mode, setup.standalone ? 'standalone' : 'multiplexed');

      const health = await rawRequest(harness.restPort, '/health');
      const surfaces = (JSON.parse(health.body.toString()) as { surfaces: unknown }).surfaces;
      assert.deepEqual(surfaces, { rest: true, a2a: true, ui: true });
      const meta = await rawRequest(harness.restPort, `${setup.prefix}/meta`);
      const declared = (JSON.parse(meta.body.toString()) as { surfaces: unknown }).surfaces;
      assert.deepEqual(declared, { rest: true, a2a: true, ui: true });
    });

    it('names the UI in the ready line and, multiplexed, in the root document', async () => {
      const [ready] = harness.logs.withMessage('runtime ready');
      const urls = ready?.urls as Record<string, string>;
      assert.equal(urls.ui, `http://localhost:${port}${ui}/`);

      const root = await rawRequest(harness.restPort, `${setup.prefix}/`);
      const endpoints = (JSON.parse(root.body.toString()) as { endpoints: Record<string, string> })
        .endpoints;
      assert.equal(endpoints.ui, setup.standalone ? undefined : `${ui}/`);
    });

    if (setup.standalone) {
      it('answers /health on the UI port with the runtime readiness', async () => {
        const response = await rawRequest(harness.uiPort, '/health');
        assert.equal(response.status, 200);
        const body = JSON.parse(response.body.toString()) as Record<string, unknown>;
        assert.deepEqual(body, { ok: true, service: 'ui', state: 'READY', port: harness.uiPort });
      });

      it('does not serve the UI on the REST port', async () => {
        assert.equal((await rawRequest(harness.restPort, `${ui}/`)).status, 404);
      });

      it('lets the UI origin, and no other, call the REST API from the browser', async () => {
        const uiOrigin = `http://127.0.0.1:${harness.uiPort}`;
        const preflight = await rawRequest(harness.restPort, `${setup.prefix}/invoke`, {
          method: 'OPTIONS',
          headers: {
            origin: uiOrigin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'content-type',
          },
        });
        assert.equal(preflight.status, 204);
        assert.equal(preflight.headers['access-control-allow-origin'], uiOrigin);
        assert.match(String(preflight.headers['access-control-allow-methods']), /POST/);
        assert.match(String(preflight.headers['access-control-allow-headers']), /content-type/);

        const meta = await rawRequest(harness.restPort, `${setup.prefix}/meta`, {
          headers: { origin: uiOrigin },
        });
        assert.equal(meta.headers['access-control-allow-origin'], uiOrigin);
        for (const origin of ['http://evil.example:' + harness.uiPort, 'http://127.0.0.1:1']) {
          const other = await rawRequest(harness.restPort, `${setup.prefix}/meta`, {
            headers: { origin },
          });
          assert.equal(other.headers['access-control-allow-origin'], undefined, origin);
        }
      });
    } else {
      it('opens nothing on UI_PORT', async () => {
        assert.equal(await connectionRefused(harness.uiPort), true);
      });
    }

    it('marks the UI as not served once the runtime has stopped', async () => {
      assert.equal(await harness.stop(), 0);
      assert.equal(harness.runtime.lifecycle.surfaces().ui, false);
      assert.equal(await connectionRefused(port), true);
    });
  });
}
