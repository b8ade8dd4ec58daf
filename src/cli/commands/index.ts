// The explicit command registry: one line per command module, nothing registers by side effect.
import type { Command } from 'commander';
import { registerBcd } from './bcd.js';
import { registerBuild } from './build.js';
import { registerChain } from './chain.js';
import { registerImage } from './image.js';
import { registerInit } from './init.js';
import { registerLoaders } from './loaders.js';
import { registerOverlays } from './overlays.js';
import { registerRender } from './render.js';
import { registerSchema } from './schema.js';
import { registerValidate } from './validate.js';

export type RegisterCommand = (program: Command) => void;

export const commands: readonly RegisterCommand[] = [
  registerBuild,
  registerValidate,
  registerRender,
  registerSchema,
  registerInit,
  registerOverlays,
  registerBcd,
  registerChain,
  registerImage,
  registerLoaders,
];
