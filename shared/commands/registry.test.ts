/**
 * Every command has every part of its module (shared/commands/module.ts): a payload schema
 * that accepts its sample and refuses junk, a known permission, a target, the central's
 * rules with declared refusal codes, its effect on the board's view, and a description.
 * A command added to the registry without a sample here fails, on purpose: the sample is
 * how its parts get exercised.
 */
import { describe, expect, it } from 'vitest';
import { PERMISSIONS } from '../permissions';
import type { TableTx } from './module';
import { COMMANDS, commandSchema, type CommandType } from './registry';
import { REQ, samples } from './testing/samples';

/** An empty world: every command's rules must refuse cleanly (with a declared code) or apply. */
const emptyTx: TableTx = { get: () => undefined, put: () => {}, where: () => [] };

describe('command registry', () => {
  it('has a sample for every command, and no sample for a command it lacks', () => {
    expect(Object.keys(samples).sort()).toEqual(COMMANDS.map((m) => m.type).sort());
  });

  it('lists each command once, named <domain object>.<verb>', () => {
    const types = COMMANDS.map((m) => m.type);
    expect(new Set(types).size).toBe(types.length);
    for (const t of types) expect(t).toMatch(/^[a-z]+\.[a-z][A-Za-z]+$/);
  });

  describe.each(COMMANDS.map((m) => [m.type, m] as const))('%s', (type, m) => {
    const sample = samples[type as CommandType] as never;
    it('has a payload schema that takes its sample and refuses junk', () => {
      expect(m.payload.safeParse(sample).success).toBe(true);
      expect(m.payload.safeParse({ ...(sample as object), junk: 1 }).success).toBe(false);
      expect(commandSchema.safeParse({ id: REQ, type, issuedAt: 1, payload: sample }).success).toBe(true);
    });
    it('declares a permission that exists, and its domain', () => {
      expect(PERMISSIONS).toContain(m.permission);
      expect(['fleet', 'sites', 'dispatch', 'assets', 'duty']).toContain(m.domain);
      const prefix = { sites: /^(stock|site)\./, assets: /^(asset|repair|climate)\./, duty: /^(alert|duty|handover|drill)\./, fleet: /^vehicle\./, dispatch: /^(request|dispatch)\./ }[m.domain];
      expect(prefix.test(type)).toBe(true);
    });
    it('names what it touches', () => {
      expect(m.target(sample)).toMatch(/^(vehicle|stock|site|request|dispatch|asset|repair|climate|alert|handover|drill|duty):\S+$/);
    });
    it('has the central’s rules, refusing only with declared codes', () => {
      expect(m.refusals.length).toBeGreaterThan(0);
      for (const code of m.refusals) expect(code).toMatch(/^[a-z_]+$/);
      const r = m.apply(emptyTx, sample, { at: 10 });
      if (!r.ok) expect(m.refusals).toContain(r.code);
    });
    it('shows its effect on the board’s view by the same rules', () => {
      expect(m.overlay).toBe('apply');
    });
    it('describes itself with a text key and its parameters, not a sentence', () => {
      const d = m.describe(sample);
      expect(d.key).toMatch(/^[a-z][A-Za-z]+$/);
      expect(typeof d.params).toBe('object');
      expect(m.serverRow(emptyTx, sample) ?? null).toBeNull();
    });
  });
});
