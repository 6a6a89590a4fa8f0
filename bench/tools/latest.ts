/** Regenerates bench/results/latest.md from the JSON result files (targets re-checked). */
import { writeLatestMarkdown } from '../lib/report.ts';

console.log(`wrote ${writeLatestMarkdown()}`);
