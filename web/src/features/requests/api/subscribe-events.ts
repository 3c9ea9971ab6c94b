import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { requestKeys } from './types';

/**
 * Real-time updates: each `notification` event of the server's stream (GET /api/events/stream: a new request,
 * an assignment, an escalation …) refreshes the request queries at once. EventSource reconnects by itself with
 * Last-Event-ID; the 15 s polling covers the time the stream is down.
 */
export function useRequestEvents() {
  const qc = useQueryClient();
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    let es: EventSource | null = new EventSource('/api/events/stream', { withCredentials: true });
    const refresh = () => void qc.invalidateQueries({ queryKey: requestKeys.all });
    es.addEventListener('notification', refresh);
    // The session ended (signed out, or 30 idle minutes): stop; the next API call sends the user to sign in.
    es.addEventListener('session-ended', () => {
      es?.close();
      es = null;
    });
    es.onerror = () => {
      if (es && es.readyState === EventSource.CLOSED) {
        es.close();
        es = null;
      }
    };
    return () => es?.close();
  }, [qc]);
}
