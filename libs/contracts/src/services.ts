import { z } from 'zod';

/** The deployables that speak NATS; the subject prefix of each is its name. */
export const serviceNames = [
  'gateway',
  'records',
  'embeddings',
  'heuristics',
  'weak-supervision',
  'export',
] as const;
export const ServiceName = z.enum(serviceNames);
export type ServiceName = z.infer<typeof ServiceName>;

/** Services that answer requests over NATS (the gateway only asks). */
export const backendServices = serviceNames.filter(
  (s): s is Exclude<ServiceName, 'gateway'> => s !== 'gateway',
);
export type BackendService = (typeof backendServices)[number];

export const serviceRoles = ['api', 'worker', 'all'] as const;
export const ServiceRole = z.enum(serviceRoles);
export type ServiceRole = z.infer<typeof ServiceRole>;
