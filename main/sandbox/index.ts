// The local Nomad-compatible sandbox server: the app's and CLI's default upload target and the
// test double of the integration tests.
export { startSandbox, type Sandbox } from './sandbox';
export type { SandboxOptions, StorageOptions } from './options';
export type { SandboxStats } from './stats';
export { SANDBOX_VARIANTS, EXCLUSIVE_VARIANTS, type SandboxVariant } from './variants';
export type { StoredAsset, StoredFolder } from './inventory';
export type {
  ApiFaultRoute,
  ApiStatusFault,
  Fault,
  FaultController,
  ImmediateFault,
  PartFault,
  PartFaultStatus,
  PendingFault,
  QueuedFault,
} from './faults';
