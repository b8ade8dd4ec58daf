// Cancellation is one AbortSignal, owned here: SIGINT/SIGTERM abort it (its listeners remove temp
// dirs, so the previous out dir stays exactly as it was), then the process exits as the signal
// would have (128 + signal number). Nothing below cli/ exits the process.
const SIGNALS = { SIGINT: 2, SIGTERM: 15 } as const;

export async function withInterrupts<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const handlers = Object.entries(SIGNALS).map(([name, n]) => {
    const handler = (): void => {
      controller.abort(new Error(name));
      process.exit(128 + n);
    };
    process.on(name, handler);
    return [name, handler] as const;
  });
  const onExit = (): void => controller.abort(new Error('exit'));
  process.on('exit', onExit);
  try {
    return await run(controller.signal);
  } finally {
    for (const [name, handler] of handlers) process.off(name, handler);
    process.off('exit', onExit);
  }
}
