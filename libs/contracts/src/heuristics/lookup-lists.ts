import { z } from 'zod';
import { defineEvent, defineRequest } from '../message.js';
import { DisplayName, EntityId, IsoDate } from '../records/common.js';
import { PythonVariable } from './common.js';

/** One term; blacklisted terms stay in the list (so auto-fill does not bring them back) but are not exposed. */
export const LookupTerm = z.object({
  value: z.string(),
  blacklisted: z.boolean(),
  /** `manual` (typed or pasted) or `span` (auto-filled from a manually labelled span). */
  origin: z.enum(['manual', 'span']),
});
export type LookupTerm = z.infer<typeof LookupTerm>;

export const LookupListSummary = z.object({
  id: EntityId,
  name: z.string(),
  description: z.string(),
  /** Importable name: `from knowledge import <pythonVariable>` / `import { <pythonVariable> } from "knowledge"`. */
  pythonVariable: z.string(),
  /** Set for lists created for an extraction label (auto-filled from its manual spans). */
  taskId: EntityId.nullable(),
  labelId: EntityId.nullable(),
  termCount: z.number().int().nonnegative(),
  blacklistedCount: z.number().int().nonnegative(),
  createdAt: IsoDate,
  updatedAt: IsoDate,
});
export type LookupListSummary = z.infer<typeof LookupListSummary>;

export const LookupList = LookupListSummary.extend({ terms: z.array(LookupTerm) });
export type LookupList = z.infer<typeof LookupList>;

/** A term as typed: trimmed, 1–500 characters. */
export const TermValue = z.string().trim().min(1).max(500);

/** Terms per list; a paste over the limit is refused naming the limit. */
export const MAX_TERMS_PER_LIST = 20_000;

const ListRef = z.object({ listId: EntityId });

export const LookupListSubjects = {
  /** `pythonVariable` defaults to the name made an identifier (unique per project; CONFLICT otherwise). */
  create: defineRequest(
    'heuristics.lookup-lists.create.v1',
    z.object({ name: DisplayName, description: z.string().max(2_000).default(''), pythonVariable: PythonVariable.optional() }),
    LookupListSummary,
  ),
  list: defineRequest('heuristics.lookup-lists.list.v1', z.object({}).strict(), z.object({ lists: z.array(LookupListSummary) })),
  get: defineRequest('heuristics.lookup-lists.get.v1', ListRef, LookupList),
  /** Renaming keeps `pythonVariable` unless it is given: functions importing the list keep working. */
  update: defineRequest(
    'heuristics.lookup-lists.update.v1',
    ListRef.extend({ name: DisplayName.optional(), description: z.string().max(2_000).optional(), pythonVariable: PythonVariable.optional() }),
    LookupListSummary,
  ),
  delete: defineRequest('heuristics.lookup-lists.delete.v1', ListRef, z.object({ deleted: z.literal(true) })),
} as const;

export const TermsChanged = z.object({
  added: z.number().int().nonnegative(),
  removed: z.number().int().nonnegative(),
  /** Terms already present (added) or absent (removed). */
  unchanged: z.number().int().nonnegative(),
  list: LookupListSummary,
});
export type TermsChanged = z.infer<typeof TermsChanged>;

export const LookupTermSubjects = {
  add: defineRequest('heuristics.lookup-terms.add.v1', ListRef.extend({ terms: z.array(TermValue).min(1).max(MAX_TERMS_PER_LIST) }), TermsChanged),
  /** Bulk paste: `text` (< 900,000 characters: one NATS message) split on `separator` (default a new line), empty pieces dropped. */
  paste: defineRequest(
    'heuristics.lookup-terms.paste.v1',
    ListRef.extend({ text: z.string().min(1).max(900_000), separator: z.string().min(1).max(10).default('\n') }),
    TermsChanged,
  ),
  remove: defineRequest('heuristics.lookup-terms.remove.v1', ListRef.extend({ terms: z.array(TermValue).min(1).max(MAX_TERMS_PER_LIST) }), TermsChanged),
  /** Blacklists (or restores) one term: kept in the list, hidden from functions, never auto-filled again. */
  blacklist: defineRequest(
    'heuristics.lookup-terms.blacklist.v1',
    ListRef.extend({ term: TermValue, blacklisted: z.boolean().default(true) }),
    TermsChanged,
  ),
} as const;

export const LookupListChangedEvent = z.object({
  projectId: EntityId,
  listId: EntityId,
  change: z.enum(['created', 'updated', 'deleted', 'terms-changed']),
});
export type LookupListChangedEvent = z.infer<typeof LookupListChangedEvent>;

export const LookupListEvents = {
  changed: defineEvent('heuristics.lookup-lists.changed.v1', LookupListChangedEvent),
} as const;
