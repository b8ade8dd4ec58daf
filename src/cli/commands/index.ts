// The explicit command registry: one line per command, nothing registers by side effect. Modules
// load on demand, so `bootgen chain` never loads the config compiler (start-up is most of a short
// command's time); help and unknown commands load them all.
import type { Command } from 'commander';

export type RegisterCommand = (program: Command) => void;

export const commands: Readonly<Record<string, () => Promise<RegisterCommand>>> = {
  build: async () => (await import('./build.js')).registerBuild,
  validate: async () => (await import('./validate.js')).registerValidate,
  render: async () => (await import('./render.js')).registerRender,
  schema: async () => (await import('./schema.js')).registerSchema,
  init: async () => (await import('./init.js')).registerInit,
  overlays: async () => (await import('./overlays.js')).registerOverlays,
  bcd: async () => (await import('./bcd.js')).registerBcd,
  chain: async () => (await import('./chain.js')).registerChain,
  image: async () => (await import('./image.js')).registerImage,
  loaders: async () => (await import('./loaders.js')).registerLoaders,
  serve: async () => (await import('./serve.js')).registerServe,
  'serve-http': async () => (await import('./serve-http.js')).registerServeHttp,
  verify: async () => (await import('./verify.js')).registerVerify,
  wake: async () => (await import('./wake.js')).registerWake,
};

/** The commands to register for argv: just the one named, else every one (help, typos). */
export async function commandsFor(argv: readonly string[]): Promise<RegisterCommand[]> {
  const name = argv[2];
  const load = name !== undefined ? commands[name] : undefined;
  const loaders = load ? [load] : Object.values(commands);
  return Promise.all(loaders.map((l) => l()));
}
