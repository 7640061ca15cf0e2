/** Injection tokens of the service kit (explicit tokens: ESM + type-only imports lose metadata). */
export const KIT_OPTIONS = Symbol('KIT_OPTIONS');
export const CONFIG = Symbol('CONFIG');
export const LOGGER = Symbol('LOGGER');
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
export const NATS_BUS = Symbol('NATS_BUS');
export const MONGO = Symbol('MONGO');
export const QUEUE = Symbol('QUEUE');
export const HEALTH = Symbol('HEALTH');
