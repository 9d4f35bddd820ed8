/**
 * A workstation's credential for the central: an id and a secret of its own, sent as
 * `Authorization: Bearer <id>:<secret>` on every request to the central (and on its live
 * WebSocket). `allowSystem` (central side) lets it issue commands as its own 'system'
 * actor: tests and scripted tools, never an officer's workstation.
 */
/** `unitId`: the unit whose console it is (multi-level command): its scope when no officer is named; absent, the city's. */
export type WorkstationCredential = { id: string; secret: string; name?: string; allowSystem?: boolean; unitId?: string };

/**
 * The reference server's demo workstation: the embedded demo (`npm start`) and the tests.
 * A real central is given its own list, and a real workstation its own credential
 * (README: "Workstation credentials"); neither falls back to this one.
 */
export const DEMO_WORKSTATION: WorkstationCredential = { id: 'demo-ws', secret: 'demo-workstation-secret-not-for-production', name: 'Demo workstation', allowSystem: true };

export const workstationAuthorization = (w: Pick<WorkstationCredential, 'id' | 'secret'>): string => `Bearer ${w.id}:${w.secret}`;
