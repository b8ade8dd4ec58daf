// serve's side of its HTTP child (http-child.ts): the status file kept current for the child's
// status routes, and the child's access log followed into fetch events. Files, not a pipe, so
// either side may be restarted without the other noticing more than a gap.
import { parseAccessLine, type AccessEntry } from '../../net/serve/access-log.js';
import type { HttpChildFiles } from '../../net/serve/http-daemon.js';
import { statusFileText } from '../../net/serve/status-file.js';
import type { ServeStatus } from '../../net/serve/status.js';
import type { FollowPort, StateFilePort } from '../server-ports.js';
import { statusPublisher } from './status-publisher.js';

export interface HttpLink {
  /** the status changed: rewrite the file soon */
  changed(): void;
  /** stops following and writing */
  stop(): void;
}

export interface HttpLinkOptions {
  readonly files: HttpChildFiles;
  readonly status: () => ServeStatus;
  readonly onRequest: (e: AccessEntry) => void;
  /** the status file could not be written (said once, until a write succeeds again) */
  readonly onWriteFailed: (why: string) => void;
}

/** Writes the status file at once (the child's readiness probe asks for it) and follows the access log from its end. */
export function linkHttpChild(options: HttpLinkOptions, deps: { readonly stateFiles: StateFilePort; readonly follow: FollowPort }): HttpLink {
  let failing = false;
  const publisher = statusPublisher(() => {
    try {
      deps.stateFiles.replace(options.files.status, statusFileText(options.status(), new Date().toISOString()));
      failing = false;
    } catch (e) {
      if (!failing) options.onWriteFailed(e instanceof Error ? e.message : String(e));
      failing = true;
    }
  });
  publisher.flush();
  // from the end: the lines of an earlier serve's child are no events of this one
  const follower = deps.follow.follow(options.files.accessLog, (line) => {
    const entry = parseAccessLine(line);
    if (entry) options.onRequest(entry);
  }, { fromEnd: true });
  return {
    changed: () => publisher.changed(),
    stop() {
      follower.stop();
      publisher.stop();
    },
  };
}
