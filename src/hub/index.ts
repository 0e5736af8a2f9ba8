export { hubTableSpecs } from './hub-table-specs.ts';
