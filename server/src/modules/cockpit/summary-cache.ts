/**
 * The summary of a place and period is the same for everyone who may see it, and its numbers change only when the
 * rollup job runs (every 10 s). So each instance keeps the last ones it computed for at most `ttlMs`, and forgets
 * them all when the job runs here (another instance's run is caught by the time limit). Scope is still checked on
 * every request; the per-caller parts (the trail within the caller's reach) are applied after the cache. The
 * organisations counted live may then be up to `ttlMs` old, like every rolled-up number already is.
 */
let generation = 0;

/** Called after every rollup run or rebuild in this process. */
export function rollupsChanged(): void {
  generation++;
}

const MAX_ENTRIES = 2_000;

export class SummaryCache<T> {
  private readonly entries = new Map<string, { at: number; generation: number; value: Promise<T> }>();

  constructor(private readonly ttlMs: number) {}

  /** The cached value of `key`, or `compute()` shared by every caller that asks before it settles. */
  get(key: string, compute: () => Promise<T>): Promise<T> {
    if (this.ttlMs <= 0) return compute();
    const now = performance.now();
    const hit = this.entries.get(key);
    if (hit && hit.generation === generation && now - hit.at < this.ttlMs) return hit.value;
    const value = compute();
    this.entries.delete(key);
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { at: now, generation, value });
    // A failure is not kept: the next request tries again.
    value.catch(() => this.entries.get(key)?.value === value && this.entries.delete(key));
    return value;
  }
}
