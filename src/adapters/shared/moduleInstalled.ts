import { createRequire } from 'node:module';

/** Whether an optional package (a driver, a development tool) can be loaded from here. */
export function moduleInstalled(name: string): boolean {
  try {
    createRequire(import.meta.url).resolve(name);
    return true;
  } catch {
    return false;
  }
}
