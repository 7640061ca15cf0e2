/** Bounds of one socket; a misbehaving or slow client costs the gateway a bounded amount. */
export interface NotificationLimits {
  /** projects one socket may follow at once */
  readonly maxSubscriptions: number;
  /** largest client message in bytes (the protocol's messages are tiny) */
  readonly maxMessageBytes: number;
  /** client messages per 10 s before the socket is closed (1008) */
  readonly maxMessagesPer10s: number;
  /** buffered bytes above which progress events are dropped for this socket */
  readonly dropProgressAboveBytes: number;
  /** buffered bytes above which the socket is closed (1013, try again later) */
  readonly closeAboveBytes: number;
  /** ping interval; a socket that missed one pong is terminated */
  readonly heartbeatMs: number;
}

export const DEFAULT_NOTIFICATION_LIMITS: NotificationLimits = Object.freeze({
  maxSubscriptions: 20,
  maxMessageBytes: 4_096,
  maxMessagesPer10s: 100,
  dropProgressAboveBytes: 256 * 1024,
  closeAboveBytes: 4 * 1024 * 1024,
  heartbeatMs: 30_000,
});
