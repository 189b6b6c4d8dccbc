import { useSubscription } from '@apollo/client/react';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useRealtime } from '../../app/realtime-context';
import { AuditEventAddedDocument, type AuditEntryFragment, type AuditLogFilter } from '../../gql/graphql';
import { matchesAuditFilter, mergeAuditEntries, newEventsLabel } from './audit-live';

/** How long a new entry stays marked, and how long the announcement of a burst stays in its region. */
const markedMs = 8_000;
const announcedMs = 5_000;
/** Entries arriving closer together than this are one burst, announced once. */
const burstMs = 700;

export interface AuditLiveOptions {
  organizationId: string;
  /** The filter the list shows: entries outside it are left out. */
  filter: AuditLogFilter;
  /** What the query loaded, newest first (undefined until it answers). */
  loaded: readonly AuditEntryFragment[] | undefined;
  /** Older pages are loaded: new entries wait behind a notice rather than move the rows being read. */
  laterPage: boolean;
  /** At most this many live entries go on top of the first page; more wait behind the notice. */
  capacity: number;
  /** The connection came back after a loss: what was committed meanwhile is not replayed. */
  onReconnect: () => void;
}

export interface AuditLive {
  /** The loaded entries with those that came live on top, each once, newest first. */
  entries: AuditEntryFragment[] | undefined;
  /** The ids to mark as new, for a few seconds after they came. */
  marked: ReadonlySet<string>;
  /** Entries that came while they could not be shown: "N new events — show". */
  waiting: number;
  /** The subscription is open (the socket is connected and the server has not refused it). */
  live: boolean;
  /** What the polite live region says: one line per burst ("3 new events"), then nothing. */
  announcement: string;
  /** Puts the waiting entries on top, marked (the page goes back to the first page). */
  showWaiting(): void;
}

interface Received {
  /** The filter these entries were received for: a change of filter starts over. */
  key: string;
  shown: AuditEntryFragment[];
  waiting: AuditEntryFragment[];
}

/**
 * The audit log kept live by `auditEventAdded`. Entries are held beside the query's pages rather
 * than written into the cache: the cache keeps a page per filter, and an entry matches some of
 * them only. Nothing is replayed by the server, so a reconnection asks for the first page again.
 */
export function useAuditLive({ organizationId, filter, loaded, laterPage, capacity, onReconnect }: AuditLiveOptions): AuditLive {
  const realtime = useRealtime();
  const connected = useSyncExternalStore(realtime.onConnectionChange, realtime.isConnected);
  const key = JSON.stringify(filter);
  const [received, setReceived] = useState<Received>({ key, shown: [], waiting: [] });
  const [marked, setMarked] = useState<ReadonlySet<string>>(new Set());
  const [announcement, setAnnouncement] = useState('');
  const [failed, setFailed] = useState(false);

  // Events arrive between renders: the handler reads what is current from here, not a closure.
  const receivedRef = useRef(received);
  const loadedIds = useMemo(() => new Set(loaded?.map((entry) => entry.id)), [loaded]);
  const latest = useRef({ key, filter, loadedIds, laterPage, capacity, onReconnect });
  latest.current = { key, filter, loadedIds, laterPage, capacity, onReconnect };

  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());
  const later = useCallback((run: () => void, ms: number) => {
    const timer = setTimeout(() => {
      timers.current.delete(timer);
      run();
    }, ms);
    timers.current.add(timer);
    return timer;
  }, []);
  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach(clearTimeout);
  }, []);

  const burst = useRef<{ count: number; timer?: ReturnType<typeof setTimeout> }>({ count: 0 });
  const announce = useCallback(
    (count: number) => {
      const current = burst.current;
      current.count += count;
      if (current.timer) clearTimeout(current.timer);
      current.timer = later(() => {
        const label = newEventsLabel(current.count);
        current.count = 0;
        current.timer = undefined;
        // Emptied first, so a burst worded as the last one is still read out.
        setAnnouncement('');
        later(() => setAnnouncement(label), 50);
        later(() => setAnnouncement((said) => (said === label ? '' : said)), announcedMs);
      }, burstMs);
    },
    [later],
  );

  const mark = useCallback(
    (ids: string[]) => {
      setMarked((current) => new Set([...current, ...ids]));
      later(() => setMarked((current) => new Set([...current].filter((id) => !ids.includes(id)))), markedMs);
    },
    [later],
  );

  const keep = (next: Received): void => {
    receivedRef.current = next;
    setReceived(next);
  };

  const { restart } = useSubscription(AuditEventAddedDocument, {
    variables: { organizationId },
    ignoreResults: true,
    onData: ({ data }) => {
      const entry = data.data?.auditEventAdded;
      const now = latest.current;
      if (!entry || !matchesAuditFilter(entry, now.filter) || now.loadedIds.has(entry.id)) return;
      const current = receivedRef.current.key === now.key ? receivedRef.current : { key: now.key, shown: [], waiting: [] };
      if ([...current.shown, ...current.waiting].some((known) => known.id === entry.id)) return;
      if (now.laterPage || current.shown.length >= now.capacity) {
        keep({ ...current, waiting: [entry, ...current.waiting] });
      } else {
        keep({ ...current, shown: [entry, ...current.shown] });
        mark([entry.id]);
      }
      announce(1);
    },
    // A refusal (or a socket that gave up) leaves the log as it is, without the Live mark.
    onError: () => setFailed(true),
  });

  // After a loss of the connection: the subscription asked again if it had failed, the first page too.
  const failedRef = useRef(failed);
  failedRef.current = failed;
  const connection = useRef({ up: false, lost: false });
  useEffect(() => {
    const seen = connection.current;
    if (!connected) {
      seen.lost ||= seen.up;
      return;
    }
    seen.up = true;
    if (!seen.lost) return;
    seen.lost = false;
    if (failedRef.current) {
      setFailed(false);
      restart();
    }
    latest.current.onReconnect();
  }, [connected, restart]);

  const current = received.key === key ? received : undefined;
  const showWaiting = useCallback(() => {
    const now = receivedRef.current;
    if (now.key !== latest.current.key || now.waiting.length === 0) return;
    keep({ ...now, shown: [...now.waiting, ...now.shown], waiting: [] });
    mark(now.waiting.map((entry) => entry.id));
  }, [mark]);

  return {
    entries: loaded === undefined && !current?.shown.length ? undefined : mergeAuditEntries(current?.shown ?? [], loaded ?? []),
    marked,
    waiting: current?.waiting.length ?? 0,
    live: connected && !failed,
    announcement,
    showWaiting,
  };
}
