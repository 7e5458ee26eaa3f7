/**
 * Live updates from GET /api/events (Server-Sent Events): one EventSource per tab, shared by every
 * screen that listens, opened with the first and closed with the last. The server sends only the
 * cases this user may see; a screen reloads what it shows when one of them changes.
 */
import { useEffect, useRef, useState } from 'react';

export interface CaseEvent {
  /** `case`: a case you may see changed; `case-gone`: a case left your unit; `resync`: events may have been missed. */
  type: 'case' | 'case-gone' | 'resync';
  caseId?: string;
  caseNo?: string;
  state?: string;
  version?: number;
  action?: string;
}

type Listener = (e: CaseEvent) => void;

const listeners = new Set<Listener>();
const liveWatchers = new Set<(live: boolean) => void>();
let source: EventSource | null = null;
let live = false;

function setLive(v: boolean) {
  live = v;
  for (const w of liveWatchers) w(v);
}

function connect() {
  if (source || typeof EventSource === 'undefined') return;
  const es = new EventSource('/api/events');
  source = es;
  let opened = false;
  const relay = (type: CaseEvent['type']) => (m: MessageEvent<string>) => {
    const data = JSON.parse(m.data) as Omit<CaseEvent, 'type'>;
    for (const l of listeners) l({ type, ...data });
  };
  es.addEventListener('ready', () => setLive(true));
  es.addEventListener('case', relay('case'));
  es.addEventListener('case-gone', relay('case-gone'));
  es.addEventListener('resync', relay('resync'));
  // the browser reconnects by itself after a network error; events in the gap are lost, so reload once back
  es.addEventListener('error', () => {
    if (live) setLive(false);
    if (es.readyState === EventSource.CLOSED) disconnect();
  });
  es.addEventListener('open', () => {
    if (opened) for (const l of listeners) l({ type: 'resync' });
    opened = true;
  });
  // logged out or the session ended: do not reconnect
  es.addEventListener('bye', () => disconnect());
}

function disconnect() {
  source?.close();
  source = null;
  setLive(false);
}

/**
 * Calls `onEvent` for every event (debounced to one call per burst for `case` events when `debounceMs`
 * is set) and returns whether the stream is live. `caseId` narrows the events to one case.
 */
export function useCaseEvents(onEvent: (e: CaseEvent) => void, opts: { caseId?: string; debounceMs?: number } = {}): boolean {
  const [isLive, setIsLive] = useState(live);
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const { caseId, debounceMs = 0 } = opts;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last: CaseEvent | undefined;
    const listener: Listener = (e) => {
      if (caseId && e.type !== 'resync' && e.caseId !== caseId) return;
      if (!debounceMs) return handler.current(e);
      last = e;
      timer ??= setTimeout(() => {
        timer = undefined;
        if (last) handler.current(last);
      }, debounceMs);
    };
    listeners.add(listener);
    liveWatchers.add(setIsLive);
    connect();
    setIsLive(live);
    return () => {
      clearTimeout(timer);
      listeners.delete(listener);
      liveWatchers.delete(setIsLive);
      // moving between screens unmounts one listener just before the next mounts: keep the stream a moment
      setTimeout(() => listeners.size === 0 && disconnect(), 3000);
    };
  }, [caseId, debounceMs]);
  return isLive;
}
