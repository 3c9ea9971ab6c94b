import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { notificationKeys } from './types';

/**
 * New notifications arrive live: each `notification` event of GET /api/events/stream refreshes the inbox (and so
 * the bell's count). EventSource reconnects by itself with Last-Event-ID; after `session-ended` it stops.
 */
export function useNotificationStream() {
  const qc = useQueryClient();
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    let es: EventSource | null = new EventSource('/api/events/stream', { withCredentials: true });
    es.addEventListener('notification', () => void qc.invalidateQueries({ queryKey: notificationKeys.all }));
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
