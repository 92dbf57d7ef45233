// Deployments view with 1,000 targets × 3 deployments: time from navigation start to the first complete
// render (the list is virtualised: "complete" = every target's data loaded and the first screen of cards
// rendered), median and p95 over reloads, read from the page's own Performance API mark. The raw limit in
// the same run: the same browser fetching the same /api/v1/targets JSON and writing it as a plain HTML table
// with innerHTML, no React. Run: VIGIL_E2E_PORT=18081 npx playwright test --config playwright.bench.config.ts bench/deployments.bench.ts
import { expect, test, type Page } from '@playwright/test';
import { ScriptedAgent, type Report } from '../e2e/agent';
import { admin, createDeployment, createTarget, eventually } from '../e2e/hub';
import { signIn } from '../e2e/session';

const TARGETS = Number(process.env.BENCH_TARGETS ?? 1000);
const DEPLOYMENTS = 3;
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const WARMUP = 2;
const CONCURRENCY = 8;

async function inParallel(count: number, work: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    for (let i = next++; i < count; i = next++) await work(i);
  }));
}

const STATUSES: Report['status'][] = ['HEALTHY', 'RUNNING', 'PROGRESSING', 'ERROR'];
const MESSAGES = ['all containers healthy', 'running, no healthcheck configured', 'pulling images (2/5)',
  'db-1 exited with code 137 (restarting)'];

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), min: sorted[0], max: sorted[sorted.length - 1] };
}

const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

interface Measured {
  rendered: number;
  fetchStart: number;
  fetchEnd: number;
  targets: number;
  cards: number;
}

async function measureView(page: Page): Promise<Measured> {
  await page.reload();
  await page.waitForFunction(() => performance.getEntriesByName('vigil:deployments-rendered').length > 0, null,
    { timeout: 60_000 });
  return page.evaluate(() => {
    const mark = performance.getEntriesByName('vigil:deployments-rendered')[0] as PerformanceMark;
    const fetches = performance.getEntriesByType('resource')
      .filter((e) => /\/api\/v1\/targets(\?|$)/.test(e.name)) as PerformanceResourceTiming[];
    const detail = mark.detail as { targets: number; cards: number };
    return {
      rendered: mark.startTime,
      fetchStart: Math.min(...fetches.map((f) => f.startTime)),
      fetchEnd: Math.max(...fetches.map((f) => f.responseEnd)),
      targets: detail.targets,
      cards: detail.cards,
    };
  });
}

/** The raw limit: fetch the same JSON and write it as one static table with innerHTML; until the next frame. */
async function measureStatic(page: Page): Promise<number> {
  await page.reload();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  return page.evaluate(async () => {
    const esc = (v: unknown) => String(v ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
    const start = performance.now();
    const response = await fetch('/api/v1/targets?limit=1000', {
      credentials: 'same-origin', headers: { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' },
    });
    const page = await response.json() as { items: any[] };
    let html = '<table><tbody>';
    for (const t of page.items) {
      html += `<tr><th>${esc(t.name)}</th><td>${esc(t.type)}</td><td>${esc(t.status)}</td><td>${esc(t.agentVersion)}</td><td>${esc(t.lastSeenAt)}</td></tr>`;
      for (const d of t.deployments) {
        html += `<tr><td></td><td>${esc(d.status)}</td><td>${esc(d.application)}</td><td>${esc(d.version)}</td><td>${d.revisionNumber}</td><td>${esc(d.message)}</td></tr>`;
      }
    }
    html += '</tbody></table>';
    const host = document.createElement('div');
    document.body.replaceChildren(host);
    host.innerHTML = html;
    await new Promise((resolve) => requestAnimationFrame(resolve));
    return performance.now() - start;
  });
}

test(`Deployments view: ${TARGETS} targets × ${DEPLOYMENTS} deployments, first complete render`, async ({ page }) => {
  test.setTimeout(40 * 60_000); // seeding 4,000 commands takes minutes on a busy 2-core machine
  const seeded = Date.now();
  await inParallel(TARGETS, async (i) => {
    const target = await createTarget(`bench-${String(i).padStart(4, '0')}`);
    const reports: Report[] = [];
    for (let d = 0; d < DEPLOYMENTS; d++) {
      const created = await createDeployment(target.id, ['storefront', 'orders-api', 'worker'][d], `1.${i % 7}.${d}`);
      const s = (i + d) % STATUSES.length;
      reports.push({ deploymentId: created.id, revisionId: created.revisionId, status: STATUSES[s], message: MESSAGES[s] });
    }
    // one report per target: dots and messages of every colour (they turn Stale a few seconds later)
    await new ScriptedAgent(target.id, target.targetSecret).heartbeat(...reports);
  });
  // the view is built by a projection a moment behind the commands: wait until it lists them all
  const listing = await eventually(() => admin<{ items: { deployments: unknown[] }[] }>('GET', '/api/v1/targets?limit=1000'),
    (l) => l.items.length >= TARGETS && l.items.every((t) => t.deployments.length === DEPLOYMENTS), 300_000);
  console.log(`seeded ${TARGETS} targets × ${DEPLOYMENTS} deployments (+1 heartbeat each) in ${((Date.now() - seeded) / 1000).toFixed(0)} s; listing has ${listing.items.length}`);
  // measure a hub at rest, not one still turning the seeded targets Stale (stale-after 4 s: 4 events each)
  // and projecting the seeding's events (and the Stale alerts they raise): every target and deployment Stale,
  // then every projection caught up and unmoved for 5 s
  await eventually(() => admin<{ items: { status: string; deployments: { status: string }[] }[] }>('GET', '/api/v1/targets?limit=1000'),
    (l) => l.items.every((t) => t.status === 'STALE' && t.deployments.every((d) => d.status === 'STALE')), 300_000);
  const settled = Date.now();
  for (let stable = 0, last = -1; stable < 5;) {
    const processors = await admin<{ position: number; caughtUp: boolean }[]>('GET', '/api/v1/admin/projections');
    const position = Math.max(...processors.map((p) => p.position ?? -1));
    stable = processors.every((p) => p.caughtUp) && position === last ? stable + 1 : 0;
    last = position;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  console.log(`hub settled (all targets and deployments Stale, projections caught up) after ${((Date.now() - settled) / 1000).toFixed(0)} s more`);

  await signIn(page);
  const view: Measured[] = [];
  for (let run = 0; run < WARMUP + RUNS; run++) {
    const m = await measureView(page);
    expect(m.targets).toBeGreaterThanOrEqual(TARGETS);
    expect(m.cards).toBeGreaterThan(0);
    if (run >= WARMUP) view.push(m);
  }
  await expect(page.getByRole('list', { name: 'Deployment targets' })).toHaveAttribute('data-count', String(listing.items.length));

  const raw: number[] = [];
  for (let run = 0; run < WARMUP + RUNS; run++) {
    const ms = await measureStatic(page);
    if (run >= WARMUP) raw.push(ms);
  }

  const nav = stats(view.map((m) => m.rendered));
  const fromFetch = stats(view.map((m) => m.rendered - m.fetchStart));
  const fetchOnly = stats(view.map((m) => m.fetchEnd - m.fetchStart));
  const limit = stats(raw);
  console.log([
    `Deployments view, ${listing.items.length} targets × ${DEPLOYMENTS} deployments, ${RUNS} reloads (after ${WARMUP} warm-up), virtualised:`,
    `  complete render (all data loaded, first screen of ${view[0].cards} cards drawn), from navigation start: median ${fmt(nav.median)}, p95 ${fmt(nav.p95)} (min ${fmt(nav.min)}, max ${fmt(nav.max)})`,
    `  of which from the /api/v1/targets request to render:  median ${fmt(fromFetch.median)}, p95 ${fmt(fromFetch.p95)}  (the request alone: median ${fmt(fetchOnly.median)})`,
    `  raw limit, same JSON fetched + static innerHTML table, no React: median ${fmt(limit.median)}, p95 ${fmt(limit.p95)}`,
    `  ratio (navigation → render) / raw limit: median ${(nav.median / limit.median).toFixed(2)}×, p95 ${(nav.p95 / limit.p95).toFixed(2)}×`,
    `  ratio (request → render) / raw limit:    median ${(fromFetch.median / limit.median).toFixed(2)}×, p95 ${(fromFetch.p95 / limit.p95).toFixed(2)}×`,
    `  goal (≤ 1,000 ms from navigation): median ${nav.median <= 1000 ? 'met' : 'NOT met'}, p95 ${nav.p95 <= 1000 ? 'met' : 'NOT met'}${nav.p95 <= 1000 ? '' : ' on this run — compare with the raw limit, which carries the same machine load'}`,
  ].join('\n'));
});
