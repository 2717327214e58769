import type { Command } from '../command.js';
import { cacheCommand } from './cache.js';
import { inspectCommand } from './inspect.js';
import { packCommand } from './pack.js';
import { runCommand } from './run.js';
import { validateCommand } from './validate.js';

/** Every `par` sub-command, in the order `par --help` lists them. */
export const commands: readonly Command[] = [
  runCommand,
  validateCommand,
  inspectCommand,
  packCommand,
  cacheCommand,
];
