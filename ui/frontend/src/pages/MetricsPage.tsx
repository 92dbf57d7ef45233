import { useMemo, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, qs } from '../api';
import { useAuth } from '../auth';
import { Dot } from '../components/Dot';
import { Empty, ErrorNote, Loading } from '../components/Feedback';
import { useTarget, useTargets } from '../queries';
import { ago, targetPresentation, targetTooltip } from '../status';
import type { TargetView } from '../types';
import type { AlertView } from './alerts/types';
import { alertDuration } from './alerts/alerts';
import { MetricChart, type ChartSeries, type Threshold } from './metrics/MetricChart';
import { alertSpans, alignSeries, diskLabel, effectiveRules, formatBytes, formatPercent, thresholdSource, type Span } from './metrics/series';
import type { LatestMetrics, MetricSeries, TargetRules } from './metrics/types';
import {
  WINDOW_CHOICES, durationSeconds, fromLocalInput, resolveWindow, toLocalInput, windowFromSearch, windowSearch,
  type ResolvedWindow, type WindowChoice, type WindowParams,
} from './metrics/window';
import './metrics/Metrics.css';

const REFRESH_MS = 30_000;
const CPU_COLOR = '#3456d1';
const MEMORY_COLOR = '#7a5af8';
const DISK_COLORS = ['#0e7490', '#7a5af8', '#3456d1', '#a15c07', '#475467', '#c11574'];

/** A target's CPU, memory and disks over a window; every choice lives in the URL so a view can be shared. */
export function MetricsPage() {
  const { targetId } = useParams();
  const target = useTarget(targetId);

  return (
    <div className="metrics-page">
      <Breadcrumb target={target.data} targetId={targetId!} />
      {target.isPending ? <Loading what="target" />
        : target.isError ? <ErrorNote error={target.error} />
        : !target.data.metricsEnabled ? <MetricsOff target={target.data} />
        : <MetricsView target={target.data} />}
    </div>
  );
}

function Breadcrumb({ target, targetId }: { target: TargetView | undefined; targetId: string }) {
  const targets = useTargets(30_000);
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const options = useMemo(
    () => [...(targets.data ?? [])].sort((a, b) => a.name.localeCompare(b.name)),
    [targets.data],
  );
  const known = options.some((t) => t.id === targetId);
  return (
    <nav className="breadcrumb" aria-label="Breadcrumb">
      <Link to="/">Deployments</Link>
      <span aria-hidden="true" className="crumb-sep">/</span>
      {target && <Dot {...dotOf(target)} />}
      <select aria-label="Target" value={targetId}
              onChange={(e) => navigate(`/targets/${e.target.value}/metrics${search.size ? `?${search}` : ''}`)}>
        {!known && <option value={targetId}>{target?.name ?? 'Loading…'}</option>}
        {options.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
      </select>
      <span aria-hidden="true" className="crumb-sep">/</span>
      <span aria-current="page" className="crumb-current">Metrics</span>
      <span className="spacer" />
      <Link to={`/targets/${targetId}/logs`}>Logs</Link>
    </nav>
  );
}

function dotOf(target: TargetView) {
  const p = targetPresentation(target.status);
  return { tone: p.tone, label: p.label, title: targetTooltip(target.status, target.lastSeenAt) };
}

function MetricsOff({ target }: { target: TargetView }) {
  const { isAdmin, isCustomer } = useAuth();
  const client = useQueryClient();
  const enable = useMutation({
    mutationFn: () => api(`/api/v1/targets/${target.id}`, { method: 'PATCH', json: { metricsEnabled: true } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['targets'] }),
  });
  return (
    <div className="card metrics-empty" data-testid="metrics-off">
      <h1>Metrics are off for {target.name}</h1>
      <p className="muted">
        With metrics on, the agent reports CPU, memory and disk usage every 30 seconds, and Vigil alerts
        before a disk fills up.
      </p>
      {isAdmin ? (
        <>
          <p className="muted">Switch them on here, or later under Edit in the target&apos;s ⋮ menu on the Deployments page.</p>
          <div>
            <button type="button" className="primary" disabled={enable.isPending} onClick={() => enable.mutate()}>
              {enable.isPending ? 'Turning on…' : 'Turn on metrics'}
            </button>
          </div>
          {enable.isError && <ErrorNote error={enable.error} />}
        </>
      ) : (
        <p className="muted">
          {isCustomer
            ? 'Ask your vendor to switch metrics on for this target.'
            : 'A Vigil administrator can switch them on under Edit in the target’s ⋮ menu on the Deployments page.'}
        </p>
      )}
    </div>
  );
}

interface SeriesAnswer {
  series: MetricSeries;
  window: ResolvedWindow;
}

function MetricsView({ target }: { target: TargetView }) {
  const [search, setSearch] = useSearchParams();
  const params = windowFromSearch(search);
  const live = params.window !== 'custom' || !params.to;

  const latest = useQuery({
    queryKey: ['metrics-latest', target.id],
    queryFn: () => api<LatestMetrics>(`/api/v1/targets/${target.id}/metrics/latest`),
    refetchInterval: REFRESH_MS,
  });
  const resolvedNow = resolveWindow(params, new Date());
  const problem = 'problem' in resolvedNow ? resolvedNow.problem : null;
  const series = useQuery({
    queryKey: ['metrics-series', target.id, params.window, params.from ?? null, params.to ?? null],
    queryFn: async (): Promise<SeriesAnswer> => {
      // a relative window is worked out when fetched, so each refresh moves it along to now
      const window = resolveWindow(params, new Date()) as ResolvedWindow;
      const query = qs({ from: window.from.toISOString(), to: window.to.toISOString(), step: window.step });
      return { series: await api<MetricSeries>(`/api/v1/targets/${target.id}/metrics${query}`), window };
    },
    enabled: problem === null,
    refetchInterval: live ? REFRESH_MS : false,
    placeholderData: (previous) => previous,
  });
  const rules = useQuery({
    queryKey: ['alert-rules', target.id],
    queryFn: () => api<TargetRules>(`/api/v1/targets/${target.id}/alert-rules`),
    refetchInterval: REFRESH_MS,
  });
  const alerts = useQuery({
    queryKey: ['alerts', 'target', target.id],
    queryFn: () => api<{ items: AlertView[] }>(`/api/v1/alerts${qs({ targetId: target.id, state: 'all', limit: 500 })}`),
    refetchInterval: REFRESH_MS,
  });

  function choose(next: WindowParams) {
    setSearch(windowSearch(search, next));
  }

  if (latest.isPending) return <Loading what="metrics" />;
  if (latest.isError) return <ErrorNote error={latest.error} />;
  if (!latest.data.collectedAt) return <NoSamplesYet target={target} />;

  const openAlerts = (alerts.data?.items ?? []).filter((a) => a.open && a.metric !== 'DEPLOYMENT_STATUS');
  return (
    <>
      <div className="metrics-head">
        <h1>Metrics of {target.name}</h1>
        {openAlerts.length > 0 && (
          <Link className="badge red" to={`/alerts?target=${target.id}`}>
            {openAlerts.length === 1 ? '1 open alert' : `${openAlerts.length} open alerts`}
          </Link>
        )}
      </div>
      <Summary latest={latest.data} />
      <WindowBar params={params} current={series.data?.window ?? ('problem' in resolvedNow ? undefined : resolvedNow)}
                 onChoose={choose} updatedAt={series.dataUpdatedAt} fetching={series.isFetching}
                 onRefresh={() => { void series.refetch(); void latest.refetch(); void alerts.refetch(); }} live={live} />
      {problem ? <p className="field-problem" role="alert">{problem}</p>
        : series.isPending ? <Loading what="charts" />
        : series.isError ? <ErrorNote error={series.error} />
        : <Charts answer={series.data} rules={rules.data} alerts={alerts.data?.items ?? []} />}
      {rules.isError && <ErrorNote error={rules.error} />}
      {alerts.isError && <ErrorNote error={alerts.error} />}
    </>
  );
}

function NoSamplesYet({ target }: { target: TargetView }) {
  return (
    <div className="card metrics-empty" data-testid="metrics-no-data">
      <h1>No metrics from {target.name} yet</h1>
      <p className="muted">
        Metrics are on. {target.status === 'NOT_CONNECTED'
          ? 'The agent has not connected yet; it starts sending samples once it does.'
          : 'The agent sends a sample every 30 seconds; this page shows it as soon as it arrives.'}
      </p>
    </div>
  );
}

function Summary({ latest }: { latest: LatestMetrics }) {
  return (
    <section className="metric-summary" aria-label="Latest values">
      <dl className="card stat">
        <dt>CPU</dt>
        <dd className="stat-main" data-testid="cpu-cores">{latest.cpuCores} {latest.cpuCores === 1 ? 'core' : 'cores'}</dd>
        <dd className="muted" data-testid="cpu-usage">{formatPercent(latest.cpuUsagePercent)} in use</dd>
      </dl>
      <dl className="card stat">
        <dt>Memory</dt>
        <dd className="stat-main" data-testid="memory-total">{formatBytes(latest.memoryBytes)}</dd>
        <dd className="muted" data-testid="memory-usage">{formatPercent(latest.memoryUsagePercent)} in use</dd>
      </dl>
      {latest.disks.map((disk) => (
        <dl className="card stat" key={disk.device} data-testid="disk-stat">
          <dt title={disk.fsType ?? undefined}>Disk {diskLabel(disk)}</dt>
          <dd className="stat-main">{formatPercent(disk.usedPercent)}</dd>
          <dd className="muted">{formatBytes(disk.usedBytes)} of {formatBytes(disk.totalBytes)}{disk.fsType ? ` · ${disk.fsType}` : ''}</dd>
        </dl>
      ))}
      <dl className="card stat">
        <dt>Last sample</dt>
        <dd className="stat-main" title={new Date(latest.collectedAt!).toLocaleString()}>{ago(latest.collectedAt)}</dd>
        <dd className="muted">{new Date(latest.collectedAt!).toLocaleString()}</dd>
      </dl>
    </section>
  );
}

function WindowBar({ params, current, onChoose, updatedAt, fetching, onRefresh, live }: {
  params: WindowParams;
  current: ResolvedWindow | undefined;
  onChoose: (params: WindowParams) => void;
  updatedAt: number;
  fetching: boolean;
  onRefresh: () => void;
  live: boolean;
}) {
  function pick(choice: WindowChoice) {
    if (choice !== 'custom') onChoose({ window: choice });
    else if (params.window !== 'custom') {
      // start from what is on screen, so Custom narrows or widens the current view
      const from = current?.from ?? new Date(Date.now() - 3_600_000);
      onChoose({ window: 'custom', from: from.toISOString() });
    }
  }
  return (
    <div className="toolbar window-bar">
      <div className="segmented" role="group" aria-label="Time window">
        {WINDOW_CHOICES.map((c) => (
          <button key={c.value} type="button" aria-pressed={params.window === c.value} onClick={() => pick(c.value)}>
            {c.label}
          </button>
        ))}
      </div>
      {params.window === 'custom' && <CustomWindow params={params} onChoose={onChoose} />}
      <span className="spacer" />
      <span className="muted refresh-note" aria-live="polite">
        {fetching ? 'Updating…' : updatedAt ? `Updated ${new Date(updatedAt).toLocaleTimeString()}` : ''}
        {live && !fetching && ' · refreshes every 30 s'}
      </span>
      <button type="button" onClick={onRefresh} disabled={fetching}>Refresh</button>
    </div>
  );
}

function CustomWindow({ params, onChoose }: { params: WindowParams; onChoose: (params: WindowParams) => void }) {
  const [from, setFrom] = useState(params.from ? toLocalInput(new Date(params.from)) : '');
  const [to, setTo] = useState(params.to ? toLocalInput(new Date(params.to)) : '');
  const [problem, setProblem] = useState<string | null>(null);
  function apply(event: FormEvent) {
    event.preventDefault();
    const start = fromLocalInput(from);
    const end = fromLocalInput(to);
    if (!start) {
      setProblem('Enter a From time.');
      return;
    }
    if (end && end <= start) {
      setProblem('From must be before To.');
      return;
    }
    setProblem(null);
    onChoose({ window: 'custom', from: start.toISOString(), to: end?.toISOString() });
  }
  return (
    <form className="custom-window" onSubmit={apply} aria-label="Custom window">
      <label className="inline">From <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} required /></label>
      <label className="inline">To <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)}
                                           placeholder="now" title="Leave empty for “now”" /></label>
      <button type="submit">Apply</button>
      {problem && <span className="field-problem" role="alert">{problem}</span>}
    </form>
  );
}

function Charts({ answer, rules, alerts }: { answer: SeriesAnswer; rules: TargetRules | undefined; alerts: AlertView[] }) {
  const { series, window } = answer;
  const step = durationSeconds(series.step) ?? window.stepSeconds;
  const from = Date.parse(series.from);
  const to = Date.parse(series.to);
  const range: [number, number] = [from / 1000, to / 1000];
  const now = Date.now();
  const effective = rules ? effectiveRules(rules) : null;

  const cpu = useMemo(() => alignSeries([series.cpu], step), [series, step]);
  const memory = useMemo(() => alignSeries([series.memory], step), [series, step]);
  const disks = useMemo(() => alignSeries(series.disks.map((d) => d.points), step), [series, step]);
  const diskSeries: ChartSeries[] = series.disks.map((d, i) => ({ label: diskLabel(d), color: DISK_COLORS[i % DISK_COLORS.length] }));

  const threshold = (value: number | null | undefined): Threshold[] =>
    value == null ? [] : [{ value, label: `alert at ${value} %` }];
  const caption = (metric: 'DISK' | 'CPU' | 'MEMORY', value: number | null | undefined) => {
    if (!rules) return null;
    if (value == null) return 'No alert rule';
    const source = thresholdSource(rules, metric) === 'target' ? 'this target’s rule' : 'organisation default';
    const wait = effective?.forSeconds ? ` for ${effective.forSeconds} s` : '';
    return `Alert threshold ${value} %${wait} (${source})`;
  };

  return (
    <div className="metric-charts">
      <ChartCard title="CPU usage" data={cpu} series={[{ label: 'CPU', color: CPU_COLOR }]} range={range}
                 thresholds={threshold(effective?.cpuThresholdPercent)} caption={caption('CPU', effective?.cpuThresholdPercent)}
                 spans={alertSpans(alerts, 'CPU', from, to, now)} />
      <ChartCard title="Memory usage" data={memory} series={[{ label: 'Memory', color: MEMORY_COLOR }]} range={range}
                 thresholds={threshold(effective?.memoryThresholdPercent)}
                 caption={caption('MEMORY', effective?.memoryThresholdPercent)}
                 spans={alertSpans(alerts, 'MEMORY', from, to, now)} />
      <ChartCard title="Disk usage" data={disks} series={diskSeries} range={range}
                 thresholds={threshold(effective?.diskThresholdPercent)}
                 caption={caption('DISK', effective?.diskThresholdPercent)}
                 spans={alertSpans(alerts, 'DISK', from, to, now)}
                 empty={series.disks.length === 0 ? 'The agent reports no disks for this target (Kubernetes targets report none).' : undefined} />
      <p className="muted chart-note">
        {series.source === 'rollup' ? `Averages over ${formatStep(step)} from the 5-minute roll-ups.` : `Samples averaged over ${formatStep(step)}.`}
        {' '}Times in your local time zone.
      </p>
    </div>
  );
}

function formatStep(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}

function ChartCard({ title, data, series, range, thresholds, caption, spans, empty }: {
  title: string;
  data: ReturnType<typeof alignSeries>;
  series: ChartSeries[];
  range: [number, number];
  thresholds: Threshold[];
  caption: string | null;
  spans: Span[];
  empty?: string;
}) {
  const hasData = data[0].length > 0;
  const slug = title.toLowerCase().replace(/\s+/g, '-');
  return (
    <figure className="card chart-card" aria-labelledby={`${slug}-title`} data-testid={`chart-${slug}`}
            data-threshold={thresholds[0]?.value} data-alert-markers={spans.length}>
      <header className="chart-head">
        <h2 id={`${slug}-title`}>{title}</h2>
        {caption && (
          <span className="muted threshold-caption">
            {thresholds.length > 0 && <span className="threshold-swatch" aria-hidden="true" />}{caption}
          </span>
        )}
      </header>
      {empty ? <Empty>{empty}</Empty>
        : hasData ? <MetricChart title={title} data={data} series={series} range={range} thresholds={thresholds} spans={spans} />
        : <Empty>No samples in this window.</Empty>}
      {spans.length > 0 && (
        <ul className="alert-markers" aria-label={`Alerts in this window (${title})`}>
          {spans.map((span) => (
            <li key={`${span.firedAt}-${span.label}`}>
              <span className="span-swatch" aria-hidden="true" />
              Alert{title === 'Disk usage' ? ` on ${span.label}` : ''} fired {new Date(span.firedAt).toLocaleString()}
              {span.open ? <> · <strong>open</strong> for {alertDuration(span)}</>
                : <> · resolved {new Date(span.resolvedAt!).toLocaleString()} after {alertDuration(span)}</>}
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}
