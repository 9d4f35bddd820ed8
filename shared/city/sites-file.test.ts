import { describe, expect, it } from 'vitest';
import { parseCsv, parseSitesFile, SitesFileError } from './sites-file';

const MONACO: [number, number, number, number] = [7.349, 43.715, 7.4907, 43.77];
const header = 'id,kind,name,nameEn,address,lon,lat';

const refusal = (text: string): string[] => {
  try {
    parseSitesFile(text, MONACO);
  } catch (e) {
    expect(e).toBeInstanceOf(SitesFileError);
    return (e as SitesFileError).problems;
  }
  throw new Error('accepted');
};

describe('a sites file', () => {
  it('reads CSV with quoting, a BOM, CRLF, and optional columns', () => {
    const text = `\uFEFF${header}\r\ndepot-c,central,中心库,Central depot,"Rue Grimaldi, 12",7.4186,43.7310\r\nqp-1,quickpick,"快取点""1""",,,7.4260,43.7400\r\n`;
    const sites = parseSitesFile(text, MONACO);
    expect(sites).toEqual([
      { id: 'depot-c', kind: 'central', name: '中心库', nameEn: 'Central depot', address: 'Rue Grimaldi, 12', lon: 7.4186, lat: 43.731 },
      { id: 'qp-1', kind: 'quickpick', name: '快取点"1"', nameEn: '快取点"1"', address: '', lon: 7.426, lat: 43.74 },
    ]);
    expect(parseCsv('a,"b\nc",d\n\n')).toEqual([['a', 'b\nc', 'd']]);
  });

  it('reads GeoJSON points', () => {
    const fc = { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [7.42, 43.73] }, properties: { id: 'depot-r', kind: 'regional', name: '区域库' } }] };
    expect(parseSitesFile(JSON.stringify(fc), MONACO)).toEqual([{ id: 'depot-r', kind: 'regional', name: '区域库', nameEn: '区域库', address: '', lon: 7.42, lat: 43.73 }]);
  });

  it('reads police stations, and refuses a file of stations alone (nothing would hold stock or base a vehicle)', () => {
    const sites = parseSitesFile(`${header}\ndepot-c,central,中心库,,,7.4186,43.7310\nps-1,station,摩纳哥派出所,Monaco police station,,7.4230,43.7315\n`, MONACO);
    expect(sites.map((s) => [s.id, s.kind])).toEqual([['depot-c', 'central'], ['ps-1', 'station']]);
    expect(refusal(`${header}\nps-1,station,派出所,,,7.4230,43.7315`)).toEqual([expect.stringMatching(/^only police stations: at least one depot or quick-pick point/)]);
  });

  it('refuses the whole file for bad coordinates, outside the city, duplicate ids and unknown kinds, naming each line', () => {
    const problems = refusal(
      [
        header,
        'a,central,A,,,7.42,43.73',
        'b,regional,B,,,abc,43.73',
        'c,regional,C,,,43.73,7.42',
        'd,quickpick,D,,,11.97,57.70',
        'a,quickpick,A again,,,7.43,43.74',
        'e,warehouse,E,,,7.43,43.74',
      ].join('\n'),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^line 3: coordinates "abc", "43.73" are not numbers/),
      expect.stringMatching(/^line 4: 43.73, 7.42 is outside the city/),
      expect.stringMatching(/^line 5: 11.97, 57.7 is outside the city/),
      'line 6: id a was used before (line 2)',
      expect.stringMatching(/^line 7: kind "warehouse" is not one of central, regional, quickpick, station$/),
    ]);
    expect(refusal('id,kind,name\nx,central,X')).toEqual([expect.stringMatching(/^the header lacks lon, lat/)]);
    expect(refusal('')).toEqual(['the file is empty']);
    expect(refusal(`${header}\n"unclosed,central`)).toEqual(['a quoted field is never closed']);
    expect(refusal('{"type":"Feature"}')).toEqual(['a GeoJSON sites file is a FeatureCollection']);
    expect(refusal(`${header}\nbad id!,central,X,,,7.42,43.73`)[0]).toMatch(/^line 2: id:/);
  });
});
