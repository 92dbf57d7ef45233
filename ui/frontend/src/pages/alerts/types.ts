// Shapes of the alerts API (query side: AlertProjection.AlertView, AlertQueryController.DeliveryView).

export type AlertMetric = 'DISK' | 'CPU' | 'MEMORY' | 'DEPLOYMENT_STATUS';

export interface AlertView {
  id: string;
  targetId: string;
  metric: AlertMetric | null;
  device: string | null;
  mountPath: string | null;
  deploymentId: string | null;
  value: number | null;
  threshold: number | null;
  message: string | null;
  open: boolean;
  firedAt: string;
  resolvedAt: string | null;
  resolvedValue: number | null;
  resolvedMessage: string | null;
}

export interface Attempt {
  at: string;
  outcome: string;
  detail: string | null;
}

export interface Delivery {
  id: string;
  alertId: string;
  phase: string;
  targetId: string;
  channelId: string;
  channelType: string;
  recipient: string;
  subject: string;
  status: string;
  createdAt: string;
  nextAttemptAt: string | null;
  finishedAt: string | null;
  attempts: Attempt[];
}
