import { z } from 'zod';
import { DEFAULT_NOTIFICATION_LIMITS, type NotificationLimits } from './notification-limits.js';

const positive = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Gateway configuration of `/api/v1/ws` (see NotificationLimits for what each bounds). */
export const notificationConfigFields = {
  WS_MAX_SUBSCRIPTIONS: positive(DEFAULT_NOTIFICATION_LIMITS.maxSubscriptions),
  WS_MAX_MESSAGES_PER_10S: positive(DEFAULT_NOTIFICATION_LIMITS.maxMessagesPer10s),
  WS_DROP_PROGRESS_ABOVE_BYTES: positive(DEFAULT_NOTIFICATION_LIMITS.dropProgressAboveBytes),
  WS_CLOSE_ABOVE_BYTES: positive(DEFAULT_NOTIFICATION_LIMITS.closeAboveBytes),
  WS_HEARTBEAT_MS: positive(DEFAULT_NOTIFICATION_LIMITS.heartbeatMs),
};

type NotificationConfig = { [K in keyof typeof notificationConfigFields]: number };

export function notificationLimits(config: NotificationConfig): NotificationLimits {
  return {
    maxSubscriptions: config.WS_MAX_SUBSCRIPTIONS,
    maxMessageBytes: DEFAULT_NOTIFICATION_LIMITS.maxMessageBytes,
    maxMessagesPer10s: config.WS_MAX_MESSAGES_PER_10S,
    dropProgressAboveBytes: config.WS_DROP_PROGRESS_ABOVE_BYTES,
    closeAboveBytes: config.WS_CLOSE_ABOVE_BYTES,
    heartbeatMs: config.WS_HEARTBEAT_MS,
  };
}
