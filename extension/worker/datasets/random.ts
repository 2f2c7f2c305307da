// Seeded randomness for the datasets, so that the same seed gives the same data on every run
// and machine. Uniform numbers come from seedrandom's Alea generator (the package tfjs itself
// uses for seeded ops); Math.random cannot be seeded.
import seedrandom from 'seedrandom';

export interface Rng {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal. */
  normal(): number;
  /** Shuffles in place (Fisher–Yates) and returns the same array. */
  shuffle<T>(items: T[]): T[];
}

export function createRng(seed: number): Rng {
  const next = seedrandom.alea(String(seed));
  let spare: number | undefined;
  const uniform = () => next();
  return {
    uniform,
    normal() {
      // Box–Muller gives two independent normals per pair of uniforms; keep the second.
      if (spare !== undefined) {
        const s = spare;
        spare = undefined;
        return s;
      }
      let u = 0;
      while (u === 0) u = uniform();
      const v = uniform();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    shuffle<T>(items: T[]): T[] {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(uniform() * (i + 1));
        [items[i], items[j]] = [items[j], items[i]];
      }
      return items;
    },
  };
}
