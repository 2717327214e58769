import { z } from 'zod';

/**
 * Building blocks for the configuration schema. Every environment variable is a zod schema from
 * `string | undefined` to its typed value, carrying the documentation row (default and rule) as
 * zod metadata, so `docs/configuration.md` can be checked against the schema itself.
 */

export interface SettingDoc {
  /** The default as written in the docs; `undefined` means the variable is unset by default. */
  default: string | undefined;
  /** The rule a value must follow, in words. */
  rule: string;
}

/** A rejected value: `expected` says what would have been accepted. */
export class Rejection {
  constructor(readonly expected: string) {}
}

export type Parser<T> = (raw: string | undefined) => T | Rejection;

/** Describes a raw value for an error message without echoing anything long or secret. */
export function describeRaw(raw: string | undefined): string {
  if (raw === undefined) return 'nothing (unset)';
  if (raw.trim() === '') return raw === '' ? 'an empty string' : 'only whitespace';
  const shown = raw.length > 80 ? `${raw.slice(0, 77)}...` : raw;
  return JSON.stringify(shown);
}

/** One environment variable: parse with `parse`, report `expected ..., got ...` on rejection. */
export function envValue<T>(
  doc: SettingDoc,
  parse: Parser<T>,
  show = describeRaw
): z.ZodType<T, string | undefined> {
  return z
    .string()
    .optional()
    .transform((raw, ctx): T => {
      const result = parse(raw);
      if (result instanceof Rejection) {
        ctx.addIssue({ code: 'custom', message: `expected ${result.expected}, got ${show(raw)}` });
        return z.NEVER;
      }
      return result;
    })
    .meta({ default: doc.default, rule: doc.rule });
}

/** Treats unset and blank alike, for optional free-text variables. */
export function presentOrUndefined(raw: string | undefined): string | undefined {
  return raw === undefined || raw.trim() === '' ? undefined : raw;
}

export function integerIn(min: number, max: number, fallback?: number): Parser<number> {
  return (raw) => {
    if (raw === undefined && fallback !== undefined) return fallback;
    const text = raw?.trim() ?? '';
    const value = /^[+-]?\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
      return new Rejection(`an integer ${range}`);
    }
    return value;
  };
}

/** A finite decimal number; `exclusiveMin` makes the lower bound itself invalid. */
export function numberAbove(min: number, exclusiveMin: boolean, fallback: number): Parser<number> {
  return (raw) => {
    if (raw === undefined) return fallback;
    const text = raw.trim();
    const value = /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : Number.NaN;
    const tooSmall = exclusiveMin ? value <= min : value < min;
    if (!Number.isFinite(value) || tooSmall) {
      return new Rejection(`a number ${exclusiveMin ? 'greater than' : 'of at least'} ${min}`);
    }
    return value;
  };
}

const trueWords = new Set(['true', '1', 'yes', 'on']);
const falseWords = new Set(['false', '0', 'no', 'off']);

export function flag(fallback: boolean): Parser<boolean> {
  return (raw) => {
    if (raw === undefined) return fallback;
    const word = raw.trim().toLowerCase();
    if (trueWords.has(word)) return true;
    if (falseWords.has(word)) return false;
    return new Rejection('one of true, false, 1, 0, yes, no, on, off (any case)');
  };
}

export function oneOf<const T extends string>(values: readonly T[], fallback: T): Parser<T> {
  return (raw) => {
    if (raw === undefined) return fallback;
    const word = raw.trim().toLowerCase();
    const match = values.find((value) => value === word);
    return match ?? new Rejection(`one of ${values.join(', ')}`);
  };
}
