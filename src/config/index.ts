export { loadConfig, type HubConfig, type HubEnvironment, type ConfigOverrides } from './config.ts';
