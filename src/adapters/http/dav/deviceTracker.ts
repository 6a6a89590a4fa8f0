import type { Clock, DeviceActivity } from '../../../ports/index.ts';
import { clientFamily } from '../observability/clientFamily.ts';

/**
 * Records which devices a user syncs from (for `diagnose`), at most once a minute per device and
 * process: polling devices cause no extra writes. Never delays or fails the request it observes.
 */
export class DeviceTracker {
  private readonly lastWrite = new Map<string, number>();

  constructor(private readonly devices: DeviceActivity, private readonly clock: Clock, private readonly everyMs = 60_000) {}

  seen(userId: number, userAgent: string | undefined, syncTokenSeq?: number): void {
    const ua = (userAgent ?? '').slice(0, 255) || '(no User-Agent)';
    const key = `${userId}\u0000${ua}${syncTokenSeq === undefined ? '' : '\u0000sync'}`;
    const now = this.clock.now();
    const last = this.lastWrite.get(key);
    if (last !== undefined && now.getTime() - last < this.everyMs) return;
    if (this.lastWrite.size >= 10_000) this.lastWrite.clear();
    this.lastWrite.set(key, now.getTime());
    const sighting = { userAgent: ua, clientFamily: clientFamily(ua), at: now, ...(syncTokenSeq === undefined ? {} : { syncTokenSeq }) };
    this.devices.record(userId, sighting).catch(() => this.lastWrite.delete(key));
  }
}
