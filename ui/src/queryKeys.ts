// The query keys, the single place that names each cached read. Apart from the hooks in
// queries.ts so that the app's first script (startup.ts), which runs before React and TanStack
// Query are loaded, can name the reads it makes.

export const keys = {
  connections: ["connections"] as const,
  activeConnection: ["activeConnection"] as const,
  serviceUsers: ["serviceUsers"] as const,
  serviceUser: (name: string) => ["serviceUser", name] as const,
  policies: ["policies"] as const,
  policy: (name: string) => ["policy", name] as const,
  catalog: ["catalog"] as const,
  effective: (name: string) => ["effective", name] as const,
  settings: ["settings"] as const,
  journal: ["journal"] as const,
  deliveryTargets: ["deliveryTargets"] as const,
  /** Under `serviceUsers`, so every change that makes the list stale makes the findings stale too. */
  findings: ["serviceUsers", "findings"] as const,
  /** Under the users' key: whatever reads the users again reads this again too. */
  unfinishedRotation: ["serviceUsers", "unfinishedRotation"] as const,
  notices: ["notices"] as const,
};
