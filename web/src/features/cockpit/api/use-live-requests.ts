import { useEffect, useState } from 'react';

export interface LiveRequest { requestId: number; at: string; category: string; compound: string; compoundId: number; urgent: boolean }

/** New requests under a place, pushed by the server (SSE `event: request`); the newest first, at most `keep`. */
export function useLiveRequests(placeId: number | undefined, keep = 12): LiveRequest[] {
  // Kept with the place they belong to, so a drill-down never shows the previous place's requests.
  const [state, setState] = useState<{ placeId?: number; items: LiveRequest[] }>({ items: [] });
  useEffect(() => {
    if (placeId === undefined) return;
    const source = new EventSource(`/api/cockpit/live?placeId=${placeId}`);
    source.addEventListener('request', (e) => {
      const item = JSON.parse((e as MessageEvent<string>).data) as LiveRequest;
      setState((prev) => ({ placeId, items: [item, ...(prev.placeId === placeId ? prev.items : []).filter((p) => p.requestId !== item.requestId)].slice(0, keep) }));
    });
    source.addEventListener('session-ended', () => source.close());
    return () => source.close();
  }, [placeId, keep]);
  return state.placeId === placeId ? state.items : [];
}
