export { HubError, isHubError, type HubErrorCode } from './errors.ts';
export { systemClock, fixedClock, isoTimestamp, type Clock } from './clock.ts';
export { newId } from './ids.ts';
