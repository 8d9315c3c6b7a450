// The emulated access links of the WAN benchmark: one definition, used by the emulator, the
// runner, the report and the tests. Rates are TCP payload (application bytes): the emulator
// carries no IP/TCP headers, so "100 % of the link" means the configured rate of payload.

export interface LinkProfile {
  name: string;
  /** Bottleneck rate per direction, bits per second (payload). Up- and downlink are equal. */
  rateBitsPerSecond: number;
  /** One-way delay, ms: the round-trip time of an idle link is twice this. */
  oneWayDelayMs: number;
  /**
   * Bottleneck queue per direction, bytes: what a router buffers before the sender's socket
   * blocks. Default one bandwidth-delay product (rate × RTT), the classic router sizing.
   */
  queueBytes: number;
  /** A connection reset roughly every this many bytes crossing the link (either direction); null = none. */
  resetEveryBytes: number | null;
  /**
   * Largest TCP window a connection reaches, bytes: Linux's default autotuning tops out near
   * 4 MiB (tcp_wmem max 4 MiB; tcp_rmem max 6 MiB, about half of it advertised).
   */
  maxWindowBytes: number;
}

const MB = 1_000_000;
const MAX_WINDOW = 4 * 1024 * 1024;

function profile(name: string, megabits: number, oneWayDelayMs: number, resetEveryBytes: number | null = null): LinkProfile {
  const rateBitsPerSecond = megabits * MB;
  return {
    name,
    rateBitsPerSecond,
    oneWayDelayMs,
    queueBytes: bdpBytes(rateBitsPerSecond, oneWayDelayMs),
    resetEveryBytes,
    maxWindowBytes: MAX_WINDOW,
  };
}

/** Bandwidth-delay product: the bytes a full link holds in one round trip. */
export function bdpBytes(rateBitsPerSecond: number, oneWayDelayMs: number): number {
  return Math.round((rateBitsPerSecond / 8) * ((2 * oneWayDelayMs) / 1000));
}

export const LINK_PROFILES = {
  lan: profile('lan', 1000, 1),
  fibre: profile('fibre', 500, 20),
  wifi: profile('wifi', 100, 50),
  // A hotel or train: slow, far, and it drops connections (about one per 200 MB).
  hotel: profile('hotel', 20, 150, 200 * MB),
  vpn: profile('vpn', 50, 250),
} as const satisfies Record<string, LinkProfile>;

export type LinkProfileName = keyof typeof LINK_PROFILES;

export const LINK_PROFILE_NAMES = Object.keys(LINK_PROFILES) as LinkProfileName[];

export function isLinkProfileName(name: string): name is LinkProfileName {
  return Object.hasOwn(LINK_PROFILES, name);
}

export function bytesPerMs(profile: LinkProfile): number {
  return profile.rateBitsPerSecond / 8 / 1000;
}

export function describeProfile(p: LinkProfile): string {
  const reset = p.resetEveryBytes ? `, a reset every ~${Math.round(p.resetEveryBytes / MB)} MB` : '';
  return `${p.rateBitsPerSecond / MB} Mbit/s, ${2 * p.oneWayDelayMs} ms RTT, queue ${Math.round(p.queueBytes / 1024)} KiB${reset}`;
}
