import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { runWithContext } from '@refinery/server-core';

const SAFE_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** Adopts a sane incoming `x-request-id` or makes one; it becomes the correlation id downstream. */
export function requestId(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.header('x-request-id');
  const id = incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('x-request-id', id);
  runWithContext({ correlationId: id }, () => next());
}
