import { accessTableSpecs } from '../access/index.ts';
import { gradebookTableSpecs } from '../gradebook/index.ts';
import { jobTableSpecs } from '../jobs/index.ts';
import type { TableSpec } from '../store/index.ts';
import { runTableSpecs, syncTableSpecs } from '../sync/index.ts';

/**
 * Every table beside the roster, from every hub module. A store opened for the hub has all of them,
 * whichever a command or request touches, so one list is kept here for the CLI, benchmarks and test
 * fixtures alike: a module that adds tables adds them once.
 */
export function hubTableSpecs(): TableSpec[] {
  return [...accessTableSpecs(), ...syncTableSpecs(), ...runTableSpecs(), ...gradebookTableSpecs(), ...jobTableSpecs()];
}
