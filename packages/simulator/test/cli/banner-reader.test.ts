import { readBanner } from '@eyeglass-jobs/test-support';
import { describe, expect, it } from 'vitest';
import { type BannerFacts, startupBanner } from '../../src/cli/banner.js';
import { defaultInventory } from '../../src/index.js';

const facts = (given: Partial<BannerFacts>): BannerFacts => ({
  url: 'http://127.0.0.1:40123/sera',
  dbPath: '/var/lib/eyeglass-sim/simulator.db',
  recovered: 0,
  speed: 1,
  inventory: defaultInventory(),
  inventorySource: 'built in',
  apiKeys: { keys: ['igls-configured0000000000000'] },
  ...given,
});

describe('the banner as the test support reads it', () => {
  const cases: Array<[string, { given: Partial<BannerFacts>; want: Record<string, unknown> }]> = [
    [
      'configured keys, nothing recovered',
      { given: {}, want: { url: 'http://127.0.0.1:40123/sera', origin: 'http://127.0.0.1:40123', recovered: 0 } },
    ],
    [
      'a development key kept beside the database',
      {
        given: {
          apiKeys: { keys: ['igls-devkey000000000000000000'], development: { path: '/tmp/x.api-key', created: true } },
        },
        want: { developmentKey: 'igls-devkey000000000000000000' },
      },
    ],
    ['jobs finished as interrupted at start-up', { given: { recovered: 3 }, want: { recovered: 3 } }],
    [
      'TLS and CORS lines',
      {
        given: { url: 'https://127.0.0.1:8443/sera', certPath: '/tmp/cert.pem', cors: ['http://localhost:5173'] },
        want: { url: 'https://127.0.0.1:8443/sera', origin: 'https://127.0.0.1:8443', developmentKey: undefined },
      },
    ],
  ];

  it.each(cases)('reads %s', (_name, { given, want }) => {
    const text = startupBanner(facts(given));
    expect(readBanner(`{"level":30,"msg":"a log line first"}\n${text}{"level":30}\n`)).toMatchObject({
      ...want,
      text,
    });
  });

  it('reads nothing until the whole banner is printed', () => {
    const text = startupBanner(facts({}));
    const lines = text.split('\n');
    for (let count = 1; count < lines.length - 1; count++) {
      const prefix = `${lines.slice(0, count).join('\n')}\n`;
      expect(readBanner(prefix), prefix).toBeUndefined();
    }
    expect(readBanner(text)?.url).toBe('http://127.0.0.1:40123/sera');
  });
});
