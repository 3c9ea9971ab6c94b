import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { requestKeys } from './types';

/**
 * Real-time updates: when the server's event stream (GET /api/events/stream) is there, every event refreshes the
 * request queries at once. Until then (404: EventSource just errors) the 15 s polling keeps queues current.
 */
export function useRequestEvents() {
  const qc = useQueryClient();
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    let es: EventSource | null = new EventSource('/api/events/stream', { withCredentials: true });
    const refresh = () => void qc.invalidateQueries({ queryKey: requestKeys.all });
    es.onmessage = refresh;
    es.onerror = () => {
      // Not available (yet) or the session ended: stop retrying, polling covers it.
      if (es && es.readyState === EventSource.CLOSED) {
        es.close();
        es = null;
      }
    };
    return () => es?.close();
  }, [qc]);
}
