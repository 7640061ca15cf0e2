import { z } from 'zod';

/** One attribute value; its type must match the attribute's dataType. */
export const RecordValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]);
export type RecordValue = z.infer<typeof RecordValue>;
