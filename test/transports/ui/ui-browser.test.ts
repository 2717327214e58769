/**
 * The example agent's UI in a real headless browser (Debian's chromium, driven by
 * playwright-core) against a real `par run examples/hello-agent`, in all four setups: the page
 * loads with its assets, reads ui-config.json, calls the agent's REST API through the base
 * path it read there and shows the answers; a deep link renders its view. One screenshot per
 * page goes to test-artifacts/.
 */
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startPar, type StartedPar } from '../../helpers/par-process.js';
import { helloAgentDir, repoRoot } from '../../helpers/paths.js';
import { uiSetups } from './ui-setups.js';

const chromiumPath = '/usr/bin/chromium';
const artifactsDir = path.join(repoRoot, 'test-artifacts');
/** Flags that keep chromium off the network it cannot reach here (see docs/ui.md). */
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const pageTimeoutMs = 30_000;

/** What the page did while it loaded: every request URL and every failed or 4xx/5xx load. */
interface PageTraffic {
  requests: string[];
  failures: string[];
}

function watchTraffic(page: Page): PageTraffic {
  const traffic: PageTraffic = { requests: [], failures: [] };
  page.on('request', (request) => traffic.requests.push(request.url()));
  page.on('requestfailed', (request) => traffic.failures.push(`failed ${request.url()}`));
  page.on('response', (response) => {
    if (response.status() >= 400) traffic.failures.push(`${response.status()} ${response.url()}`);
  });
  return traffic;
}

let browser: Browser;
before(async () => {
  await mkdir(artifactsDir, { recursive: true });
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
});
after(() => browser?.close());

for (const setup of uiSetups) {
  const mode = setup.standalone ? 'standalone' : 'multiplexed';
  const slug = `${mode}-${setup.prefix ? 'base' : 'root'}`;

  describe(`the example UI in chromium, ${setup.name}`, () => {
    let started: StartedPar;
    let context: BrowserContext;
    let uiOrigin: string;
    let restOrigin: string;

    before(async () => {
      started = await startPar(helloAgentDir, setup.env);
      restOrigin = `http://127.0.0.1:${started.restPort}`;
      uiOrigin = setup.standalone ? `http://127.0.0.1:${started.uiPort}` : restOrigin;
      context = await browser.newContext({ viewport: { width: 900, height: 640 } });
      context.setDefaultTimeout(pageTimeoutMs);
    });
    after(async () => {
      await context?.close();
      await started?.par.stop('SIGKILL');
    });

    it('loads its assets, calls the REST API under the base path, shows the answers', async () => {
      const page = await context.newPage();
      const traffic = watchTraffic(page);
      await page.goto(`${uiOrigin}${setup.prefix}/ui/`);

      await page.locator('#ping-result[data-state="done"]').waitFor();
      await page.locator('#invoke-result[data-state="done"]').waitFor();
      const ping = JSON.parse(await page.locator('#ping-result').innerText()) as { pong: boolean };
      assert.equal(ping.pong, true);
      const invoke = JSON.parse(await page.locator('#invoke-result').innerText()) as {
        output: { echo: string };
      };
      assert.equal(invoke.output.echo, 'hello from the UI');

      // The calls went where ui-config.json said: the REST port, under the base path.
      assert.ok(traffic.requests.includes(`${uiOrigin}${setup.prefix}/ui-config.json`));
      assert.ok(traffic.requests.includes(`${restOrigin}${setup.prefix}/api/ping`));
      assert.ok(traffic.requests.includes(`${restOrigin}${setup.prefix}/invoke`));
      // Its script and stylesheet loaded (the stylesheet's colour is applied).
      assert.ok(traffic.requests.includes(`${uiOrigin}${setup.prefix}/ui/app.3f9a1c2b.js`));
      const color = await page.evaluate<string>('getComputedStyle(document.body).color');
      assert.equal(color, 'rgb(29, 36, 51)');
      assert.match(await page.locator('#status').innerText(), /hello-agent 0\.1\.0/);
      assert.deepEqual(traffic.failures, []);

      await page.screenshot({ path: path.join(artifactsDir, `ui-${slug}-home.png`) });
    });

    it('renders the view a deep link names, with its assets, and routes in the page', async () => {
      const page = await context.newPage();
      const traffic = watchTraffic(page);
      await page.goto(`${uiOrigin}${setup.prefix}/ui/about`);

      await page.getByRole('heading', { name: 'About this agent' }).waitFor();
      const color = await page.evaluate<string>('getComputedStyle(document.body).color');
      assert.equal(color, 'rgb(29, 36, 51)');
      assert.deepEqual(traffic.failures, []);
      await page.screenshot({ path: path.join(artifactsDir, `ui-${slug}-about.png`) });

      // Client-side routing: the Home link swaps the view without loading a document.
      const documentsBefore = traffic.requests.filter((url) => url.endsWith('/ui/about')).length;
      await page.getByRole('link', { name: 'Home' }).click();
      await page.getByRole('heading', { name: 'Talk to the agent' }).waitFor();
      assert.equal(new URL(page.url()).pathname, `${setup.prefix}/ui/`);
      const documentsAfter = traffic.requests.filter((url) => url.endsWith('/ui/')).length;
      assert.equal(documentsAfter, 0, 'the Home link must not load a new document');
      assert.equal(documentsBefore, 1);
    });
  });
}
