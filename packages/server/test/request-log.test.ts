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
    [
      'names that hold a credential word',
      { given: '/x?x_api_key=a&tokens=b&state=all', want: `/x?x_api_key=${REDACTED}&tokens=${REDACTED}&state=all` },
    ],
    [
      'percent-encoded and bracketed names',
      {
        given: '/x?api_key%5B%5D=a&api%5Fkey=b&api%5fKEY=c',
        want: `/x?api_key%5B%5D=${REDACTED}&api%5Fkey=${REDACTED}&api%5fKEY=${REDACTED}`,
      },
    ],
    ['a malformed encoding in a name', { given: '/x?api%E0key=a&state=%', want: `/x?api%E0key=${REDACTED}&state=%` }],
    [
      'names of the API, which hold no credential',
      {
        given: '/x?state=all&success=true&sourceid=a&failovertarget=b&pool=c&policy=d&enable=true',
        want: '/x?state=all&success=true&sourceid=a&failovertarget=b&pool=c&policy=d&enable=true',
      },
    ],
    ['an empty value', { given: '/x?api_key=&state=all', want: `/x?api_key=${REDACTED}&state=all` }],
  ];
  it.each(cases)('handles %s', (_name, { given, want }) => {
    expect(redactCredentials(given)).toBe(want);
  });

  const secret = 'igls-s3cret/key=+';
  const secretCases: Array<[string, { given: string; want: string }]> = [
    ['the key under any name', { given: `/x?q=${secret}`, want: `/x?q=${REDACTED}` }],
    ['the key percent-encoded', { given: `/x?q=${encodeURIComponent(secret)}`, want: `/x?q=${REDACTED}` }],
    [
      'the key encoded in another way',
      { given: '/x?q=%69gls-s3cret%2Fkey%3D%2B&state=all', want: `/x?q=${REDACTED}&state=all` },
    ],
    ['the key in the path', { given: `/x/${encodeURIComponent(secret)}/log`, want: `/x/${REDACTED}/log` }],
    ['the key in a message', { given: `no job ${secret} here`, want: `no job ${REDACTED} here` }],
    ['the key escaped in JSON', { given: JSON.stringify({ id: `"${secret}"` }), want: `{"id":"\\"${REDACTED}\\""}` }],
  ];
  it.each(secretCases)('takes out a configured key: %s', (_name, { given, want }) => {
    expect(redactCredentials(given, [secret])).toBe(want);
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
      `/sera/v2/jobs/failover?api_key%5B%5D=${API_KEY}`,
      `/sera/v2/jobs/failover?api%5Fkey=${API_KEY}`,
      `/sera/v2/jobs/failover?x_api_key=${API_KEY}`,
      `/sera/v2/jobs/failover?q=${encodeURIComponent(API_KEY)}`,
      `/sera/v2/jobs/failover/${API_KEY}`,
      `/sera/v2/jobs/failover/${API_KEY}/%E0%A4%A`,
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
