import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createEyeglassJobsServer, REDACTED, redactCredentials, serializeError } from '../src/index.js';
import { API_KEY } from './fixtures.js';

describe('redactCredentials', () => {
  const cases: Array<[string, { given: string; want: string }]> = [
    ['a URL without a query', { given: '/sera/v2/jobs/failover', want: '/sera/v2/jobs/failover' }],
    [
      'api_key in the query',
      {
        given: '/sera/v2/jobs/failover?api_key=igls-abc&state=all',
        want: `/sera/v2/jobs/failover?api_key=${REDACTED}&state=all`,
      },
    ],
    ['another case and spelling', { given: '/x?state=all&API-KEY=igls-abc', want: `/x?state=all&API-KEY=${REDACTED}` }],
    [
      'a token and a password',
      {
        given: '/x?token=t1&password=p2&apikey=k3',
        want: `/x?token=${REDACTED}&password=${REDACTED}&apikey=${REDACTED}`,
      },
    ],
    ['a repeated key', { given: '/x?api_key=a&api_key=b', want: `/x?api_key=${REDACTED}&api_key=${REDACTED}` }],
    [
      'a key inside a quoted message',
      { given: "'/x?api_key=igls-abc' is not valid", want: `'/x?api_key=${REDACTED}' is not valid` },
    ],
    ['parameters that only end like one', { given: '/x?my_api_key=a&tokens=b', want: '/x?my_api_key=a&tokens=b' }],
    ['an empty value', { given: '/x?api_key=&state=all', want: `/x?api_key=${REDACTED}&state=all` }],
  ];
  it.each(cases)('handles %s', (_name, { given, want }) => {
    expect(redactCredentials(given)).toBe(want);
  });
});

describe('serializeError', () => {
  it('keeps type, code and cause, and takes credentials out of message and stack', () => {
    const error = Object.assign(new TypeError("'/x?api_key=igls-abc' is not a valid url component"), {
      code: 'FST_ERR_BAD_URL',
      statusCode: 400,
      cause: new Error('inner ?token=t1'),
    });
    const record = serializeError(error);
    expect(record).toMatchObject({
      type: 'TypeError',
      message: `'/x?api_key=${REDACTED}' is not a valid url component`,
      code: 'FST_ERR_BAD_URL',
      statusCode: 400,
      cause: { type: 'Error', message: `inner ?token=${REDACTED}` },
    });
    expect(JSON.stringify(record)).not.toContain('igls-abc');
  });
});

describe('the request log of createEyeglassJobsServer', () => {
  it('never holds a key sent in the query string, even in the errors it logs', async () => {
    let log = '';
    const stream = new Writable({
      write(chunk, _encoding, done) {
        log += chunk;
        done();
      },
    });
    const app = createEyeglassJobsServer({ handlers: {}, apiKeys: [API_KEY], logger: { level: 'trace', stream } });
    const urls = [
      `/sera/v2/jobs/failover?api_key=${API_KEY}`,
      `/sera/v2/jobs/failover/%E0%A4%A?api_key=${API_KEY}`,
      `/sera/v2/jobs/failover?state=nope&api_key=${API_KEY}`,
      `/elsewhere?API_KEY=${API_KEY}`,
    ];
    for (const url of urls) await app.inject({ method: 'GET', url, headers: { api_key: API_KEY } });
    await app.close();
    expect(log).toContain('incoming request');
    expect(log).toContain('not a valid url component');
    expect(log).toContain(REDACTED);
    expect(log).not.toContain(API_KEY);
  });
});
