export {
  DEFAULT_TIMINGS,
  Emulator,
  InteractionTimeoutError,
  startEmulator,
  type AnswerOptions,
  type AutocompleteInput,
  type ClickButtonInput,
  type EmulatorOptions,
  type InvokeCommandInput,
  type MessageListener,
  type OverwriteInput,
} from './emulator.ts';
export {
  checkContract,
  contractGuard,
  formatViolations,
  type ContractIssue,
  type ContractViolation,
} from './contract.ts';
export type { Fault, FaultSpec } from './faults.ts';
export type { GatewayLogEntry, GatewaySessionInfo } from './gateway.ts';
export {
  ControlError,
  messageText,
  type ButtonView,
  type InteractionAnswer,
  type OptionInput,
} from './interactions.ts';
export {
  DEFAULT_RATE_LIMITS,
  type BucketLimit,
  type RateLimitEvent,
  type RateLimitOptions,
} from './ratelimit.ts';
export type { RequestLogEntry } from './rest.ts';
export type { EmulatorTimings } from './routes.ts';
export { DEFAULT_EVERYONE_PERMISSIONS, BOT_ROLE_PERMISSIONS, SEED } from './seed.ts';
export { shardOf, snowflakeAt } from './snowflake.ts';
