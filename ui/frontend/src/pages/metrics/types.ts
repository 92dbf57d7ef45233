// Shapes of the metrics API's answers (query side: MetricsQueryController, AlertQueryController).
export type { DiskNow, LatestMetrics, Rules, TargetRules } from '../../types';

export interface Point {
  t: string;
  avg: number;
  max: number;
  samples: number;
}

export interface DiskSeries {
  device: string;
  mountPath: string | null;
  fsType: string | null;
  points: Point[];
}

export interface MetricSeries {
  targetId: string;
  from: string;
  to: string;
  /** ISO 8601 duration, e.g. "PT30S" */
  step: string;
  source: 'raw' | 'rollup';
  cpu: Point[];
  memory: Point[];
  disks: DiskSeries[];
}

