import { bytes, fullestDisk, gaugeLevel, metricsUrl, percent } from './model';
import { useLatestMetrics } from './data';
import { Link } from 'react-router-dom';

/** The built-in disk alert threshold; the gauge only hints, the Alerts page has the target's own rules. */
const DISK_HINT_PERCENT = 90;

/** CPU, memory and the fullest disk as three small bars; mounted only for rows on screen. */
export function MetricsGlance({ targetId }: { targetId: string }) {
  const latest = useLatestMetrics(targetId);
  if (latest.isPending) return <span className="glance muted" aria-busy="true">Metrics…</span>;
  if (latest.isError) return <span className="glance muted" title={String(latest.error.message)}>Metrics unavailable</span>;
  const m = latest.data;
  if (!m.collectedAt) return <span className="glance muted">No metrics yet</span>;
  const disk = fullestDisk(m.disks);
  const at = new Date(m.collectedAt).toLocaleString();
  return (
    <Link to={metricsUrl(targetId)} className="glance" aria-label={`Metrics: CPU ${percent(m.cpuUsagePercent)}, memory ${
      percent(m.memoryUsagePercent)}${disk ? `, disk ${disk.mountPath} ${percent(disk.usedPercent)}` : ''}`}
          title={`Sampled ${at}`}>
      <Gauge name="CPU" value={m.cpuUsagePercent} detail={`${m.cpuCores ?? '–'} cores`} />
      <Gauge name="Mem" value={m.memoryUsagePercent} detail={`of ${bytes(m.memoryBytes)}`} />
      {disk && <Gauge name="Disk" value={disk.usedPercent} threshold={DISK_HINT_PERCENT}
                      detail={`${disk.mountPath} (${disk.device}): ${bytes(disk.usedBytes)} of ${bytes(disk.totalBytes)}`} />}
    </Link>
  );
}

function Gauge({ name, value, detail, threshold }: { name: string; value: number | null; detail: string; threshold?: number }) {
  const v = Math.max(0, Math.min(100, value ?? 0));
  const level = gaugeLevel(v, threshold);
  return (
    <span className="gauge" title={`${name} ${percent(value)} — ${detail}`}>
      <span className="gauge-name">{name}</span>
      <span className={`gauge-bar ${level}`} aria-hidden="true"><span style={{ width: `${v}%` }} /></span>
      <span className="gauge-value">{percent(value)}</span>
    </span>
  );
}
