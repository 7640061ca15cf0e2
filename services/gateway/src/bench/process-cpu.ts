// CPU time of the bench's child processes (gateway, services, NATS, Redis, FerretDB), read from
// /proc, so the bench can say where the time of a request goes across processes. Linux only;
// elsewhere the snapshot is empty.
import { readFileSync, readdirSync } from 'node:fs';

/** Linux reports utime/stime in clock ticks; USER_HZ is 100 on every mainstream kernel config. */
const TICK_MS = 10;

export type CpuSnapshot = Map<number, { name: string; cpuMs: number }>;

function stat(pid: number): { ppid: number; cpuMs: number } | null {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may contain spaces) in parentheses: state ppid … utime stime.
    const fields = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), cpuMs: (Number(fields[11]) + Number(fields[12])) * TICK_MS };
  } catch {
    return null;
  }
}

/** A short name: the service folder of a Node service, else the executable. */
function nameOf(pid: number): string {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const script = argv.find((a) => /\/services\/[^/]+\/dist\//.test(a));
    return script ? (/\/services\/([^/]+)\/dist\//.exec(script)?.[1] ?? script) : (argv[0]?.split('/').at(-1) ?? String(pid));
  } catch {
    return String(pid);
  }
}

/** CPU used so far by every direct child of `parent`. */
export function childCpu(parent = process.pid): CpuSnapshot {
  const out: CpuSnapshot = new Map();
  let pids: number[] = [];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
  } catch {
    return out;
  }
  for (const pid of pids) {
    const s = stat(pid);
    if (s && s.ppid === parent) out.set(pid, { name: nameOf(pid), cpuMs: s.cpuMs });
  }
  return out;
}

/** CPU milliseconds per process name between two snapshots. */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [pid, a] of after) {
    const b = before.get(pid);
    if (b) out[a.name] = (out[a.name] ?? 0) + a.cpuMs - b.cpuMs;
  }
  return out;
}
