import type { TFunction } from 'i18next';
import type { Site } from '../../shared/domain';
import { LANGUAGES, resources, type Language } from '../i18n';

/**
 * A request's destination as the officer's language names it. The request keeps the label
 * it was recorded with, in the language of the officer who recorded it: a site's name, a
 * point "near <street> (<coords>)", coordinates, or a street. Shown in the other language,
 * a site gets its name there, and a point near a street the words around it; the street's
 * own name and coordinates have no translation and stay as they are.
 */
export type PlaceNamer = (label: string) => string;

const COORDS = String.raw`-?\d{1,3}(?:\.\d+)?, ?-?\d{1,3}(?:\.\d+)?`;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** "near {{street}} ({{coords}})" in every language, as patterns that give back street and coords. */
const NEAR_STREET: readonly { re: RegExp; streetFirst: boolean }[] = LANGUAGES.map((lng) => {
  const template: string = resources[lng].format.place.nearStreet;
  const re = new RegExp(
    `^${escape(template)
      .replace(escape('{{street}}'), '(.+?)')
      .replace(escape('{{coords}}'), `(${COORDS})`)}$`,
    'u',
  );
  return { re, streetFirst: template.indexOf('{{street}}') < template.indexOf('{{coords}}') };
});

export function placeNamer(t: TFunction, language: Language, sites: readonly Site[]): PlaceNamer {
  const byName = new Map<string, Site>();
  for (const s of sites) {
    byName.set(s.name, s);
    byName.set(s.nameEn, s);
  }
  const cache = new Map<string, string>();
  return (label) => {
    let named = cache.get(label);
    if (named !== undefined) return named;
    named = label;
    const site = byName.get(label.trim());
    if (site) named = language === 'en' ? site.nameEn : site.name;
    else {
      for (const { re, streetFirst } of NEAR_STREET) {
        const m = re.exec(label.trim());
        if (!m) continue;
        const [street, coords] = streetFirst ? [m[1]!, m[2]!] : [m[2]!, m[1]!];
        named = t('format:place.nearStreet', { street, coords });
        break;
      }
    }
    cache.set(label, named);
    return named;
  };
}
