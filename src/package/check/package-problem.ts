import type { ErrorCode } from '../../errors/index.js';

/** One thing wrong with a package, as `par validate` reports it. */
export interface PackageProblem {
  readonly code: ErrorCode;
  /** Where: a dotted path in agent.yaml (`rest.entry`), an archive entry, or '' for the whole. */
  readonly where: string;
  readonly message: string;
}
