import { z } from 'zod';
import { defineJob } from '@refinery/server-queue';

/**
 * Removes expired archives, abandoned uploads, unfinished writes and old record exports, with all
 * their bytes. Scheduled once per EXPORT_SWEEP_INTERVAL_SECONDS by every replica under one job id
 * per period (BullMQ keeps one). One attempt: the next period's sweep picks up what this one left.
 */
export const SweepExpiredArchivesJob = defineJob('archives.sweep', z.object({}).strict(), { attempts: 1 });
