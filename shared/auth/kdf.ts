/**
 * Memory-hard parameters for passwords (argon2id, RFC 9106's second recommendation: 64 MiB,
 * 3 passes). About 150 ms on the division's 2-core workstations: nothing to an officer
 * signing in, ruinous to anyone guessing against a stolen cache. Used by the central for
 * its password hashes and by the workstation for its offline verifiers and the key that
 * seals the cached second-factor seed.
 */
export const ARGON2ID = { algorithm: 2, memoryCost: 64 * 1024, timeCost: 3, parallelism: 1 } as const;
