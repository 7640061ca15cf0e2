/** Injection tokens of the identity module. */
export const IDENTITY_CLOCK = Symbol('IDENTITY_CLOCK');

/** The clock behind expiries and lockouts: a seam so unit tests control time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
