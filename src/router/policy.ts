// The routing policy as one value: catalogue, routes and roster. Defaults here; overrides come from
// the owner's kev.config.json (validated in src/config) and are merged by mergePolicy.

import { type Catalogue, DEFAULT_CATALOGUE, type Provider } from './catalogue.js';
import { type AgentProfile, DEFAULT_ROSTER } from './roster.js';
import { DEFAULT_ROUTES, type Route, type RoutingTable } from './routes.js';
import type { TaskType } from './task-types.js';

export interface Policy {
  catalogue: Catalogue;
  routes: RoutingTable;
  roster: AgentProfile[];
}

export const DEFAULT_POLICY: Policy = {
  catalogue: DEFAULT_CATALOGUE,
  routes: DEFAULT_ROUTES,
  roster: DEFAULT_ROSTER,
};

export interface PolicyOverrides {
  catalogue?: Catalogue;
  routes?: Partial<Record<TaskType, Partial<Route>>>;
  roster?: Array<Partial<AgentProfile> & { name: string }>;
}

export function mergePolicy(base: Policy, overrides: PolicyOverrides): Policy {
  const catalogue = { ...base.catalogue, ...overrides.catalogue };
  const routes = { ...base.routes };
  for (const [type, route] of Object.entries(overrides.routes ?? {}) as [TaskType, Partial<Route>][]) {
    routes[type] = { ...routes[type], ...route };
  }
  const roster = base.roster.map((agent) => {
    const override = overrides.roster?.find((o) => o.name.toLowerCase() === agent.name.toLowerCase());
    return override ? { ...agent, ...override, name: agent.name } : agent;
  });
  return { catalogue, routes, roster };
}

export function findAgent(policy: Policy, name: string): AgentProfile | undefined {
  const lower = name.toLowerCase();
  return policy.roster.find((a) => a.name.toLowerCase() === lower);
}

export interface Rung {
  key: string;
  provider: Provider;
  model: string;
  /** Why the router will not try this rung, when it will not. */
  skipped?: string;
}

/**
 * The ordered models the router would try for a task type, cheapest first.
 * Rungs whose provider is not configured stay in the list, marked skipped, so a dry run can say why.
 */
export function planLadder(policy: Policy, type: TaskType, configured: ReadonlySet<Provider>): Rung[] {
  const route = policy.routes[type];
  const rungs: Rung[] = [];
  for (const key of route.ladder) {
    const entry = policy.catalogue[key];
    if (!entry) {
      rungs.push({ key, provider: 'openai', model: key, skipped: 'not in the model catalogue' });
      continue;
    }
    const rung: Rung = { key, provider: entry.provider, model: entry.id };
    if (!configured.has(entry.provider)) rung.skipped = `${entry.provider} is not configured`;
    rungs.push(rung);
  }
  return rungs;
}
