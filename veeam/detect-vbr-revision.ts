/**
 * Picks the newest VBR REST revision the server serves. No endpoint lists them; each served revision
 * has its spec at /swagger/v<rev>/swagger.json, so probe those newest first (only headers are read).
 */
import type { AxiosInstance } from 'axios';
import { mapVeeamError } from './map-veeam-error';

/** Revisions this client understands, newest first. */
export const SUPPORTED_VBR_REVISIONS = ['1.3-rev1', '1.3-rev0', '1.2-rev1', '1.2-rev0', '1.1-rev2', '1.1-rev1', '1.1-rev0'] as const;

export async function probeVbrRevision(http: AxiosInstance, server: string): Promise<string | undefined> {
  for (const rev of SUPPORTED_VBR_REVISIONS) {
    let status: number;
    try {
      const res = await http.get(`/swagger/v${rev}/swagger.json`, { responseType: 'stream', validateStatus: () => true });
      status = res.status;
      (res.data as { destroy?: () => void }).destroy?.();
    } catch (e) {
      throw mapVeeamError(e, 'probing the VBR REST API revision', server);
    }
    if (status === 200) return rev;
  }
  return undefined;
}

/** Fallback when the swagger files are not served: the build number tells the revision. */
export function revisionForBuild(build: string | undefined): string | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(build ?? '');
  if (!m) return undefined;
  const [maj, min, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (maj > 13 || (maj === 13 && (min > 0 || patch >= 1))) return '1.3-rev1';
  if (maj === 13) return '1.3-rev0';
  if (maj === 12 && min >= 3) return patch >= 1 ? '1.2-rev1' : '1.2-rev0';
  if (maj === 12) return ['1.1-rev0', '1.1-rev1', '1.1-rev2'][min] ?? '1.1-rev2';
  return undefined;
}

export function compareRevisions(a: string, b: string): number {
  const n = (r: string) => {
    const m = /^(\d+)\.(\d+)-rev(\d+)$/.exec(r);
    return m ? Number(m[1]) * 10000 + Number(m[2]) * 100 + Number(m[3]) : -1;
  };
  return n(a) - n(b);
}
