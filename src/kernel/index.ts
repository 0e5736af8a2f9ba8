export { HubError, isHubError, type HubErrorCode } from './errors.ts';
export { systemClock, fixedClock, isoTimestamp, type Clock } from './clock.ts';
export { newId } from './ids.ts';
export { HUB_VERSION } from './hub-version.ts';
export { optional } from './optional.ts';
