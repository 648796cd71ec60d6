/** What the figures were measured on: numbers mean little without the machine (browsers: see run.ts). */
import { cpus, freemem, loadavg, platform, release, totalmem } from 'node:os';

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  freeMemoryGiB: number;
  /** 1-minute load average at the start: other engineers share this machine. */
  loadAverage: number;
  os: string;
  node: string;
}

export function machineInfo(): MachineInfo {
  const cpu = cpus();
  const gib = (bytes: number): number => Math.round((bytes / 2 ** 30) * 10) / 10;
  return {
    cores: cpu.length,
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    memoryGiB: gib(totalmem()),
    freeMemoryGiB: gib(freemem()),
    loadAverage: Math.round(loadavg()[0]! * 100) / 100,
    os: `${platform()} ${release()}`,
    node: process.version,
  };
}

/** 1-minute load average now: read again at the end, since other work on the machine skews timings. */
export function loadAverageNow(): number {
  return Math.round(loadavg()[0]! * 100) / 100;
}
