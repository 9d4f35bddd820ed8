/**
 * Every command has its words in both languages: its description (the conflict panel, the
 * link panel's queue, the audit) and every code the central may refuse it with. A command
 * added without them fails here.
 */
import { describe, expect, it } from 'vitest';
import { COMMANDS, type CommandType } from '../../shared/commands/registry';
import { samples } from '../../shared/commands/testing/samples';
import { createI18n } from '../i18n';

describe.each(['zh-CN', 'en'] as const)('command texts (%s)', (language) => {
  const i18n = createI18n(language);
  it.each(COMMANDS.map((m) => [m.type, m] as const))('%s', (type, m) => {
    const d = m.describe(samples[type as CommandType] as never);
    // The language's own texts, not the fallback's.
    const has = (key: string) => i18n.exists(key, { lng: language, fallbackLng: [] });
    expect(has(`format:command.${d.key}`), `format:command.${d.key}`).toBe(true);
    for (const code of m.refusals) expect(has(`link:conflict.code.${code}`), `link:conflict.code.${code}`).toBe(true);
  });
});
