// The bandwidth limit is stored as bytes per second (0 = unlimited) but edited in the units
// people think in. Decimal units, matching the queue's speeds.

import type { MessageId } from '../i18n/catalog-en';

export type BandwidthUnit = 'unlimited' | 'KB/s' | 'MB/s';

export interface BandwidthInput {
  unit: BandwidthUnit;
  /** The number as typed; ignored when unit is 'unlimited'. */
  amount: string;
}

export const BANDWIDTH_UNITS: readonly BandwidthUnit[] = ['unlimited', 'KB/s', 'MB/s'];

function multiplier(unit: Exclude<BandwidthUnit, 'unlimited'>): number {
  switch (unit) {
    case 'KB/s':
      return 1000;
    case 'MB/s':
      return 1_000_000;
  }
}

export function bandwidthToInput(bytesPerSecond: number): BandwidthInput {
  if (bytesPerSecond <= 0) return { unit: 'unlimited', amount: '' };
  if (bytesPerSecond >= 1_000_000) {
    return { unit: 'MB/s', amount: trimNumber(bytesPerSecond / 1_000_000) };
  }
  return { unit: 'KB/s', amount: trimNumber(bytesPerSecond / 1000) };
}

export type BandwidthParse = { ok: true; bytesPerSecond: number } | { ok: false; message: MessageId; unit: string };

export function inputToBandwidth(input: BandwidthInput): BandwidthParse {
  if (input.unit === 'unlimited') return { ok: true, bytesPerSecond: 0 };
  const amount = Number(input.amount.trim());
  if (input.amount.trim() === '' || !Number.isFinite(amount) || amount <= 0) {
    return { ok: false, message: 'settings.bandwidth.invalid', unit: input.unit };
  }
  return { ok: true, bytesPerSecond: Math.round(amount * multiplier(input.unit)) };
}

function trimNumber(n: number): string {
  return Number(n.toFixed(3)).toString();
}
