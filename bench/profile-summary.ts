/**
 * Where a server's CPU time went: self time of a V8 .cpuprofile (written by bench:api --cpu-prof),
 * summed per function and per package or source folder.
 *
 *   npx tsx bench/profile-summary.ts bench/out/profiles/<file>.cpuprofile [top]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** node_modules/<package>, src/<folder>, node:<module>, or the V8 pseudo-frame. */
function origin(url: string, name: string): string {
  if (url === '') return `(${name || 'native'})`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg !== null) return pkg[1] ?? url;
  const ours = /\/(src|bench)\/([^/]+)/.exec(url);
  if (ours !== null) return `${ours[1]}/${ours[2]}`;
  return url.startsWith('node:') ? url : url.replace(/^.*\//, '');
}

export function summarize(profile: CpuProfile): { total: number; byOrigin: Map<string, number>; byFunction: Map<string, number> } {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const byOrigin = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = nodes.get(id);
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    if (node === undefined) return;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = origin(url, functionName);
    total += dt;
    byOrigin.set(where, (byOrigin.get(where) ?? 0) + dt);
    const fn = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + dt);
  });
  return { total, byOrigin, byFunction };
}

const [file, topText] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: profile-summary <file.cpuprofile> [top]');
const top = Number(topText ?? 25);
const { total, byOrigin, byFunction } = summarize(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
const list = (m: Map<string, number>): string =>
  [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, v]) => `${(v / 1000).toFixed(2).padStart(8)} s ${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`)
    .join('\n');
console.log(`total ${(total / 1000).toFixed(1)} s sampled\n\nby origin:\n${list(byOrigin)}\n\nby function (self time):\n${list(byFunction)}`);
