import { expect, test, type Page } from '@playwright/test';
import { chromium } from '../playwright.config';
import { ScriptedAgent, type LogLine } from '../e2e/agent';
import { createDeployment, createTarget } from '../e2e/hub';
import { signIn } from '../e2e/session';

// Log viewer benchmark (issue 6): 100,000 lines of one container resource, all loaded into the viewer by
// infinite scroll (pages of 1,000 via nextCursor), then a scripted scroll to the bottom and back, STEP_PX
// per animation frame; frame times are the deltas between requestAnimationFrame callbacks in the page.
// The raw limit is the same scroll over an empty scroll container of the same size and total height.
//
// Chromium runs with its frame rate unlocked (--disable-frame-rate-limit --disable-gpu-vsync), so a delta
// is what the frame cost (script, style, layout, paint) rather than the 16.7 ms vsync tick every frame
// would show at 60 Hz; "frames > 16.7 ms" are then frames that would have missed a 60 Hz deadline.
// BENCH_VSYNC=1 keeps vsync on instead (deltas quantised to 16.7 ms; a missed frame shows as ~33 ms).
//
//   VIGIL_E2E_PORT=18082 npx playwright test --config playwright.bench.config.ts bench/logviewer.bench.ts

const LINES = 100_000;
const BATCH = 2_000;
const STEP_PX = 200;
const VSYNC = process.env.BENCH_VSYNC === '1';

test.use({
  // (no trace, screenshots or video: see playwright.bench.config.ts)
  launchOptions: {
    ...chromium,
    args: VSYNC ? chromium.args : [...chromium.args, '--disable-frame-rate-limit', '--disable-gpu-vsync'],
  },
});
interface Scroll {
  frames: number[];
  scrollHeight: number;
  clientHeight: number;
  /** samples of (scrollTop, lowest row index in the DOM, rows in the DOM) taken during the scroll */
  samples: [number, number, number][];
}

/** Scrolls `selector` to its bottom and back to the top, STEP_PX per frame, and returns the frame deltas. */
async function scrollDownAndUp(page: Page, selector: string): Promise<Scroll> {
  return page.evaluate(([selector, step]) => new Promise<Scroll>((resolve) => {
    const el = document.querySelector<HTMLElement>(selector)!;
    const max = el.scrollHeight - el.clientHeight;
    const frames: number[] = [];
    const samples: [number, number, number][] = [];
    let last = 0;
    let down = true;
    const frame = (t: number) => {
      if (last) frames.push(t - last);
      last = t;
      if (frames.length % 500 === 0) {
        const rows = el.querySelectorAll<HTMLElement>('.log-rows > [role=row]');
        // the list reuses row elements out of screen order: the first row on screen has the lowest index
        const indexes = Array.from(rows, (row) => Number(row.dataset.index));
        samples.push([el.scrollTop, indexes.length ? Math.min(...indexes) : -1, rows.length]);
      }
      if (down) {
        el.scrollTop = Math.min(max, el.scrollTop + step);
        if (el.scrollTop >= max - 1) down = false;
      } else {
        el.scrollTop = Math.max(0, el.scrollTop - step);
        if (el.scrollTop <= 0) {
          resolve({ frames, scrollHeight: el.scrollHeight, clientHeight: el.clientHeight, samples });
          return;
        }
      }
      requestAnimationFrame(frame);
    };
    // two frames of quiet before the first measured one
    requestAnimationFrame(() => requestAnimationFrame(frame));
  }), [selector, STEP_PX] as const);
}

function stats(frames: number[]) {
  const sorted = [...frames].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return {
    frames: sorted.length,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: sorted[sorted.length - 1],
    over: sorted.filter((d) => d > 16.7).length,
    total: sorted.reduce((a, b) => a + b, 0),
  };
}

const ms = (n: number) => `${n.toFixed(2)} ms`;
function report(label: string, s: ReturnType<typeof stats>) {
  return `${label.padEnd(34)} frames ${String(s.frames).padStart(6)}  p50 ${ms(s.p50).padStart(9)}  p95 ${ms(s.p95).padStart(9)}`
    + `  p99 ${ms(s.p99).padStart(9)}  max ${ms(s.max).padStart(9)}  >16.7 ms ${String(s.over).padStart(5)}`
    + ` (${((100 * s.over) / s.frames).toFixed(2)} %)  scroll took ${(s.total / 1000).toFixed(1)} s`;
}

test('log viewer: 100,000 lines loaded, scroll to the bottom and back', async ({ page, browser }) => {
  test.setTimeout(1_200_000);
  const target = await createTarget(`bench-logs-${Date.now().toString(36)}`);
  const agent = new ScriptedAgent(target.id, target.targetSecret);
  expect(await agent.heartbeat()).toBe(200);
  const deployment = await createDeployment(target.id, 'bench-shop');

  // ingest: one line every 40 ms over the last ~67 minutes, a realistic mix of lengths and stderr
  const ingestStart = performance.now();
  const first = Date.now() - LINES * 40 - 60_000;
  const verbs = ['GET', 'POST', 'PUT', 'DELETE'];
  for (let b = 0; b < LINES / BATCH; b++) {
    const records: LogLine[] = [];
    for (let i = b * BATCH; i < (b + 1) * BATCH; i++) {
      const error = i % 53 === 0;
      records.push({
        deploymentId: deployment.id, revisionId: deployment.revisionId, resource: 'web-1',
        timestamp: new Date(first + i * 40).toISOString(), severity: error ? 'stderr' : 'stdout',
        body: error
          ? `${new Date(first + i * 40).toISOString()} ERROR [worker-${i % 8}] request ${i} failed: upstream timed out after ${1000 + (i % 9000)} ms (pool=db, attempt ${1 + (i % 3)})`
          : `${verbs[i % 4]} /api/v1/items/${i}?page=${i % 17} ${200 + (i % 3)} ${i % 250} ms ua="Mozilla/5.0" id=${(i * 2654435761 >>> 0).toString(16)}`,
      });
    }
    expect(await agent.logs(records)).toBe(200);
  }
  const ingestMs = performance.now() - ingestStart;

  // open the viewer and let infinite scroll load every page
  await signIn(page);
  const loadStart = performance.now();
  await page.goto(`/targets/${target.id}/logs?view=resource&deployment=${deployment.id}&resource=web-1&paused=1`);
  const scroller = '[role=table][aria-label="Log lines"]';
  await expect(page.locator('.log-rows [role=row]').first()).toBeVisible();
  await page.evaluate(async ([selector, expected]) => {
    const el = document.querySelector<HTMLElement>(selector)!;
    const count = () => document.querySelector('.log-count')?.textContent ?? '';
    while (!count().startsWith(expected) || count().includes('older')) {
      el.scrollTop = el.scrollHeight;
      await new Promise((r) => setTimeout(r, 20));
    }
  }, [scroller, `${LINES.toLocaleString('en-US')} lines loaded`] as const);
  const loadMs = performance.now() - loadStart;
  await expect(page.locator('.log-count')).toHaveText('100,000 lines loaded');
  await page.locator(scroller).evaluate((el) => { el.scrollTop = 0; });
  await expect(page.locator('.log-rows [role=row]').first()).toContainText('/api/v1/items/99999?');
  await page.waitForTimeout(1000); // let the page settle (GC, layout) before measuring

  const list = await scrollDownAndUp(page, scroller);
  const listStats = stats(list.frames);
  // the rows on screen were the rows for that position all the way (the list did render, not just scroll)
  for (const [top, firstIndex, inDom] of list.samples) {
    expect(inDom).toBeGreaterThan(0);
    expect(inDom).toBeLessThan(120);
    expect(Math.abs(firstIndex - Math.floor(top / 26))).toBeLessThanOrEqual(20);
  }
  await expect(page.locator('.log-rows [role=row]').first()).toContainText('/api/v1/items/99999?');

  // the raw limit: an empty scroll container of the same size and height, in a page of its own
  const blank = await browser.newPage({ viewport: page.viewportSize()! });
  await blank.setContent(`<!doctype html><body style="margin:0"><div id="raw" style="overflow:auto;contain:strict;`
    + `width:1350px;height:${list.clientHeight}px"><div style="height:${list.scrollHeight}px"></div></div></body>`);
  await blank.waitForTimeout(500);
  const raw = await scrollDownAndUp(blank, '#raw');
  const rawStats = stats(raw.frames);
  await blank.close();

  const lines = [
    '',
    `Log viewer benchmark (${VSYNC ? 'vsync on, 60 Hz' : 'frame rate unlocked'}), ${LINES.toLocaleString('en-US')} lines, `
      + `scroll ${STEP_PX} px per frame over ${list.scrollHeight.toLocaleString('en-US')} px down and back`,
    `ingest ${LINES.toLocaleString('en-US')} lines in ${LINES / BATCH} batches: ${(ingestMs / 1000).toFixed(1)} s `
      + `(${Math.round(LINES / (ingestMs / 1000)).toLocaleString('en-US')} lines/s)`,
    `open viewer and load all pages by infinite scroll: ${(loadMs / 1000).toFixed(1)} s`,
    report('log viewer (100,000 rows)', listStats),
    report('raw limit (empty scroll container)', rawStats),
    '',
  ];
  console.log(lines.join('\n'));
  test.info().annotations.push({ type: 'result', description: lines.join(' | ') });
});
