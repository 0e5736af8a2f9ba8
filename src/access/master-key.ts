import { HubError } from '../kernel/index.ts';
import { createSecretBox, parseMasterKey, type SecretBox } from './secret-box.ts';

/**
 * The secret box for the configured master key, or undefined when none is configured (commands
 * that need it then fail with "run rosterbridge init"). A key that does not parse is a
 * configuration error at once; the message never repeats the key.
 */
export function secretBoxFromConfig(masterKeyText: string | undefined): SecretBox | undefined {
  if (masterKeyText === undefined || masterKeyText.trim() === '') return undefined;
  try {
    return createSecretBox(parseMasterKey(masterKeyText));
  } catch (cause) {
    throw new HubError('config_invalid', `the master key is unreadable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
