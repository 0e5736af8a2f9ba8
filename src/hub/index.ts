export { hubTableSpecs } from './hub-table-specs.ts';
export { HEAP_CEILING_FLAG, HEAP_CEILING_MB } from './heap-ceiling.ts';
