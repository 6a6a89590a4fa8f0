/**
 * The fast-check seed of one fuzz property: `FUZZ_SEED` replays a run; otherwise a fresh one,
 * written to the output before the run starts. A request that loops synchronously stops the
 * whole process, its timeouts included, so fast-check never gets to report the seed of such a
 * run: this line is then the only way to replay it.
 */
export function fuzzSeed(property: string): number {
  const seed = process.env.FUZZ_SEED === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.FUZZ_SEED);
  process.stdout.write(`      ${property}: FUZZ_SEED=${seed}\n`);
  return seed;
}
