// The explicit command registry: one line per command module, nothing registers by side effect.
import type { Command } from 'commander';

export type RegisterCommand = (program: Command) => void;

export const commands: readonly RegisterCommand[] = [];
