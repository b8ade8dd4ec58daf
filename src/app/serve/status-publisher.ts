// When serve rewrites its status file: soon after something changed, but at most once per
// `everyMs`, because a machine fetching a tree of small files makes hundreds of events a second
// and each write serialises the whole status. A burst costs one write at its start and one at
// its end, so the file is never more than `everyMs` behind.

export interface StatusPublisher {
  /** something in the status changed: write it within everyMs */
  changed(): void;
  /** write now (before the HTTP child starts, so its first answer has a status) */
  flush(): void;
  /** no write after this */
  stop(): void;
}

export function statusPublisher(write: () => void, everyMs = 250): StatusPublisher {
  let last = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const flush = (): void => {
    clearTimeout(timer);
    timer = undefined;
    if (stopped) return;
    last = Date.now();
    write();
  };
  return {
    changed() {
      if (stopped || timer !== undefined) return;
      // deferred even when due: the change is announced from inside an emit, mid-way through its caller
      timer = setTimeout(flush, Math.max(0, last + everyMs - Date.now()));
    },
    flush,
    stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
