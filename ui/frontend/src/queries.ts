// Queries more than one page shares.
import { useMemo } from 'react';
import { useQuery, type QueryClient } from '@tanstack/react-query';
import { api, qs } from './api';
import type { Listing, TargetView } from './types';

/** Every target the caller may see (a customer sees its organisation's only), with its deployments. */
const TARGETS = { queryKey: ['targets'], queryFn: allTargets };

export function useTargets(refetchMs: number | false = 5_000) {
  return useQuery({ ...TARGETS, refetchInterval: refetchMs });
}

/**
 * Starts reading the listing while the page still asks who is signed in, so the Deployments view does not
 * wait for the two one after the other. Signed out, the read fails with 401 and the sign-in page shows as
 * before and the view reads again when it mounts.
 */
export function prefetchTargets(client: QueryClient) {
  void client.prefetchQuery(TARGETS).then(() => {
    // a failed early read (signed out) is forgotten, so the view never shows its error
    if (client.getQueryState(TARGETS.queryKey)?.status === 'error') client.removeQueries({ queryKey: TARGETS.queryKey, exact: true });
  });
}

export function useTarget(targetId: string | undefined) {
  return useQuery({
    queryKey: ['targets', targetId],
    queryFn: () => api<TargetView>(`/api/v1/targets/${targetId}`),
    enabled: !!targetId,
    refetchInterval: 5_000,
  });
}

/** The listing pages by 1,000; a fleet larger than that is read page by page. */
async function allTargets(): Promise<TargetView[]> {
  const targets: TargetView[] = [];
  let cursor: string | null = null;
  do {
    const page: Listing<TargetView> = await api<Listing<TargetView>>(`/api/v1/targets${qs({ limit: 1000, cursor })}`);
    targets.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return targets;
}

/** Target and deployment names by id, for pages that list ids (alerts, audit trail). */
export function useNames(targets: TargetView[] | undefined) {
  return useMemo(() => {
    const targetNames = new Map<string, string>();
    const deploymentNames = new Map<string, string>();
    for (const t of targets ?? []) {
      targetNames.set(t.id, t.name);
      for (const d of t.deployments) deploymentNames.set(d.id, d.application);
    }
    return { targetNames, deploymentNames };
  }, [targets]);
}
