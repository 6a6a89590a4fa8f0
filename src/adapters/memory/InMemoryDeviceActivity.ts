import type { DeviceActivity, DeviceSighting, SeenDevice } from '../../ports/index.ts';

/** {@link DeviceActivity} in process memory (tests, the in-memory storage); token ages are not known here. */
export class InMemoryDeviceActivity implements DeviceActivity {
  private readonly devices = new Map<number, Map<string, { clientFamily: string; lastSeen: Date; lastSync: Date | null }>>();

  async record(userId: number, s: DeviceSighting): Promise<void> {
    let mine = this.devices.get(userId);
    if (!mine) this.devices.set(userId, (mine = new Map()));
    const before = mine.get(s.userAgent);
    mine.set(s.userAgent.slice(0, 255), { clientFamily: s.clientFamily, lastSeen: s.at, lastSync: s.syncTokenSeq === undefined ? (before?.lastSync ?? null) : s.at });
  }

  async recent(userId: number, limit: number): Promise<SeenDevice[]> {
    return [...(this.devices.get(userId) ?? new Map()).entries()]
      .map(([userAgent, d]) => ({ userAgent, clientFamily: d.clientFamily, lastSeen: d.lastSeen, lastSync: d.lastSync, tokenAgeMs: null }))
      .sort((a, b) => b.lastSeen.getTime() - a.lastSeen.getTime()).slice(0, limit);
  }
}
