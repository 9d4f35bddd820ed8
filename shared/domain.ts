/**
 * The domain vocabulary (MISSION.md glossary), gathered from the domain folders for code
 * that speaks of several domains at once. Each schema lives with its domain:
 * shared/sites (sites, item types, stock), shared/fleet (vehicles, positions),
 * shared/dispatch (requests, dispatch orders), shared/alerts (four-colour levels).
 */
export * from './sites/schema';
export * from './fleet/schema';
export * from './dispatch/schema';
export * from './alerts/levels';
