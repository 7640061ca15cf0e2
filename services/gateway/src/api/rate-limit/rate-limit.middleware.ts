import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { ApiConfig } from '../api-config.js';
import { TokenBuckets, type TakeResult } from './token-bucket.js';

const SESSION_COOKIE = /(?:^|;\s*)refinery_session=([^;]+)/;

/**
 * Rate limits of `/api/v1`: one bucket per client IP, and one per credential (the bearer token,
 * else the session cookie) before it is even checked, so a flood of bad tokens from one IP is
 * still bounded by the IP's bucket. Over the limit: 429 `LIMIT_EXCEEDED` with Retry-After.
 */
export function rateLimit(config: Pick<ApiConfig, 'API_RATE_LIMIT_IP_PER_S' | 'API_RATE_LIMIT_IP_BURST' | 'API_RATE_LIMIT_TOKEN_PER_S' | 'API_RATE_LIMIT_TOKEN_BURST'>, now: () => number = Date.now) {
  const perIp = new TokenBuckets({ perSecond: config.API_RATE_LIMIT_IP_PER_S, burst: config.API_RATE_LIMIT_IP_BURST }, now);
  const perCredential = new TokenBuckets({ perSecond: config.API_RATE_LIMIT_TOKEN_PER_S, burst: config.API_RATE_LIMIT_TOKEN_BURST }, now);
  return (req: Request, res: Response, next: NextFunction): void => {
    const ip = perIp.take(req.ip ?? req.socket.remoteAddress ?? 'unknown');
    if (!ip.allowed) return refuse(res, ip, 'this IP address');
    const credential = credentialKey(req);
    if (credential !== null) {
      const taken = perCredential.take(credential);
      if (!taken.allowed) return refuse(res, taken, 'this API token or session');
    }
    next();
  };
}

/** A digest of the credential: buckets never hold secrets. */
function credentialKey(req: Request): string | null {
  const header = req.header('authorization');
  const raw = header ?? SESSION_COOKIE.exec(req.header('cookie') ?? '')?.[1];
  return raw ? createHash('sha256').update(raw).digest('base64url').slice(0, 22) : null;
}

function refuse(res: Response, result: TakeResult, who: string): void {
  res.setHeader('Retry-After', String(result.retryAfterS));
  res.status(429).json({
    error: { code: 'LIMIT_EXCEEDED', message: `too many requests from ${who}; retry in ${result.retryAfterS} s`, details: { retryAfterS: result.retryAfterS } },
  });
}
