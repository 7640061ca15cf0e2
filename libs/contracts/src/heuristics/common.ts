import { z } from 'zod';

export const heuristicLanguages = ['python', 'javascript', 'typescript'] as const;
export const HeuristicLanguage = z.enum(heuristicLanguages);
export type HeuristicLanguage = z.infer<typeof HeuristicLanguage>;

/** User code: non-empty, at most 100,000 characters (refinery's editor holds far less). */
export const HeuristicCode = z
  .string()
  .max(100_000)
  .refine((c) => c.trim() !== '', { message: 'must not be empty' });

/** A name importable from `knowledge` in JavaScript and Python. */
export const PythonVariable = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,99}$/, 'must be an identifier: letters, digits and _, not starting with a digit');
