import packageJson from '../../package.json' with { type: 'json' };

/** The hub's release, as package.json names it (discovery document, OpenAPI `info.version`). */
export const HUB_VERSION: string = packageJson.version;
