import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import {
  bindJob,
  type JobBinding,
  type JobDefinition,
  type QueueManager,
} from '@refinery/server-queue';
import { runsWorker } from '@refinery/server-core';
import { KIT_OPTIONS, QUEUE } from './tokens.js';
import type { KitOptions } from './kit-options.js';
import { ON_JOB } from './on-job.decorator.js';

/**
 * Starts the worker once all providers exist, binding every `@OnJob` method. A worker process
 * refuses to boot when a declared job type has no handler.
 */
@Injectable()
export class QueueHost implements OnApplicationBootstrap {
  constructor(
    @Inject(KIT_OPTIONS) private readonly options: KitOptions,
    @Inject(QUEUE) private readonly queue: QueueManager | null,
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Inject(MetadataScanner) private readonly scanner: MetadataScanner,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.queue || !runsWorker(this.options.config.SERVICE_ROLE)) return;
    this.queue.startWorker(this.collectBindings());
  }

  private collectBindings(): JobBinding[] {
    const bindings: JobBinding[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object') continue;
      const proto = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(proto)) {
        const fn = (instance as Record<string, unknown>)[method];
        if (typeof fn !== 'function') continue;
        const def = this.reflector.get<JobDefinition | undefined>(ON_JOB, fn as () => unknown);
        if (!def) continue;
        const bound = fn.bind(instance) as (payload: unknown, ctx: unknown) => Promise<unknown>;
        bindings.push(bindJob(def, (payload, ctx) => bound(payload, ctx)));
      }
    }
    return bindings;
  }
}
