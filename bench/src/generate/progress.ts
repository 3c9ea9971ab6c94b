/** A one-line progress bar on stderr (redrawn in place on a terminal, a line every 10 % otherwise). */
let lastPrinted = -1;

export function progressLine(label: string, done: number, total: number, seconds: number, extra = ''): void {
  const share = total > 0 ? done / total : 1;
  const width = 30;
  const filled = Math.round(share * width);
  const eta = share > 0 && share < 1 ? ` eta ${Math.round((seconds / share) * (1 - share))} s` : '';
  const text = `  ${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${(share * 100).toFixed(0)} % ${seconds.toFixed(0)} s${eta}${extra ? ` ${extra}` : ''}`;
  if (process.stderr.isTTY) {
    process.stderr.write(`\r${text}\x1b[K`);
    return;
  }
  const decile = Math.floor(share * 10);
  if (decile !== lastPrinted || done === total) {
    lastPrinted = decile;
    process.stderr.write(`${text}\n`);
  }
}
