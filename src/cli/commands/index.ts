import type { Command } from '../command.js';
import { cacheCommand } from './cache.js';
import { runCommand } from './run.js';

/** Every `par` sub-command, in the order `par --help` lists them. */
export const commands: readonly Command[] = [runCommand, cacheCommand];
