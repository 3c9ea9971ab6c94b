/**
 * A progress bar for long CLI work, drawn only on a terminal (scripts and --json get nothing). Known steps move
 * the bar; any other step is printed on its own line.
 */
export function progressBar(enabled: boolean, steps: readonly string[] = [], out: NodeJS.WriteStream = process.stdout) {
  const started = Date.now();
  const width = 24;
  return (step: string) => {
    if (!enabled) return;
    const i = steps.indexOf(step);
    if (i < 0) {
      out.write(`  … ${step}\n`);
      return;
    }
    const filled = Math.round((width * (i + 1)) / steps.length);
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    out.write(`\r  [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${i + 1}/${steps.length} ${step.padEnd(10)} ${seconds}s${i === steps.length - 1 ? '\n' : ''}`);
  };
}
