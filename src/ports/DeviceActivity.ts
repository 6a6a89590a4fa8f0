/** One authenticated request of a device, as the HTTP layer saw it. */
export interface DeviceSighting {
  readonly userAgent: string;
  readonly clientFamily: string;
  readonly at: Date;
  /** The sequence number of the sync token the device presented (sync-collection), if any. */
  readonly syncTokenSeq?: number;
}

/** A device as `diagnose` shows it. */
export interface SeenDevice {
  readonly userAgent: string;
  readonly clientFamily: string;
  readonly lastSeen: Date;
  readonly lastSync: Date | null;
  /** How old the last presented sync token was (null: none presented, or older than the kept history). */
  readonly tokenAgeMs: number | null;
}

/**
 * Which devices a user synced from recently (one per User-Agent), for the administrator's
 * `diagnose`. Written at most about once a minute per device, so polling costs nothing extra.
 */
export interface DeviceActivity {
  record(userId: number, sighting: DeviceSighting): Promise<void>;
  /** The most recently seen devices first. */
  recent(userId: number, limit: number, now: Date): Promise<SeenDevice[]>;
}
