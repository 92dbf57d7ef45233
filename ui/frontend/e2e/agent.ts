// A scripted agent: speaks agent protocol v1 over real HTTP, as the Docker agent does, but on command.
import { HUB, basic } from './hub';

export interface Report {
  deploymentId: string;
  revisionId: string;
  status: 'HEALTHY' | 'RUNNING' | 'PROGRESSING' | 'ERROR';
  message?: string;
}

export interface LogLine {
  deploymentId?: string;
  revisionId?: string;
  resource?: string;
  timestamp: string;
  severity: string;
  body: string;
}

export class ScriptedAgent {
  private token: string | null = null;
  private batch = 0;

  constructor(readonly targetId: string, private secret: string, readonly version = '1.0.0') {}

  /** @return the HTTP status of the login (200, or 401 once the secret was rotated) */
  async login(): Promise<number> {
    const response = await fetch(`${HUB}/api/agent/v1/login`, {
      method: 'POST',
      headers: { Authorization: basic(this.targetId, this.secret) },
    });
    if (response.ok) this.token = ((await response.json()) as { token: string }).token;
    return response.status;
  }

  async heartbeat(...deployments: Report[]): Promise<number> {
    return this.send('/api/agent/v1/heartbeat', { agentVersion: this.version, deployments });
  }

  async logs(records: LogLine[]): Promise<number> {
    return this.send('/api/agent/v1/logs', { batchId: `${this.targetId}-${Date.now()}-${this.batch++}`, records });
  }

  /** One host sample; usages in percent for readability, sent as fractions as the protocol wants. */
  async metrics(collectedAt: Date, cpuPercent: number, memoryPercent: number, diskUsedPercent: number): Promise<number> {
    const total = 100_000_000_000;
    return this.send('/api/agent/v1/metrics', {
      collectedAt: collectedAt.toISOString(),
      cpuCores: 4,
      cpuUsage: cpuPercent / 100,
      memoryBytes: 8 * 2 ** 30,
      memoryUsage: memoryPercent / 100,
      disks: [{ device: '/dev/vda1', mountPath: '/', fsType: 'ext4', totalBytes: total,
        usedBytes: Math.round((total * diskUsedPercent) / 100) }],
    });
  }

  private async send(path: string, body: unknown): Promise<number> {
    if (!this.token && (await this.login()) !== 200) return 401;
    const response = await fetch(HUB + path, {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    await response.arrayBuffer();
    return response.status;
  }
}
