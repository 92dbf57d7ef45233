// Shapes of the metrics API's answers (query side: MetricsQueryController, AlertQueryController).

export interface DiskNow {
  device: string;
  mountPath: string | null;
  fsType: string | null;
  totalBytes: number;
  usedBytes: number;
  usedPercent: number;
}

export interface LatestMetrics {
  targetId: string;
  /** null: no sample yet */
  collectedAt: string | null;
  cpuCores: number | null;
  cpuUsagePercent: number | null;
  memoryBytes: number | null;
  memoryUsagePercent: number | null;
  disks: DiskNow[];
}

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

export interface Rules {
  diskThresholdPercent: number | null;
  cpuThresholdPercent: number | null;
  memoryThresholdPercent: number | null;
  forSeconds: number | null;
  hysteresisPercent: number | null;
}

export interface TargetRules {
  targetId: string;
  alertRules: Rules;
  organisationDefaults: Rules;
}
