import { createSpecValidator, document } from '@eyeglass-jobs/spec';
import { describe, expect, it } from 'vitest';

type Node = Record<string, unknown>;

/** Follows a `#/…` reference within the bundled document, remembering the pointer of the target. */
function follow(node: unknown, pointer: string): { node: Node; pointer: string } {
  let current = node as Node;
  let at = pointer;
  while (typeof current?.$ref === 'string') {
    at = (current.$ref as string).slice(1);
    current = at
      .slice(1)
      .split('/')
      .reduce<unknown>((n, key) => (n as Node)[key.replace(/~1/g, '/').replace(/~0/g, '~')], document) as Node;
  }
  return { node: current, pointer: at };
}

const esc = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

interface ExampleCase {
  where: string;
  schemaPointer: string;
  value: unknown;
}

/** Every example of the spec: parameter and media type examples, named examples, and schema `examples`. */
function collectExamples(): { examples: ExampleCase[]; missing: string[] } {
  const examples: ExampleCase[] = [];
  const missing: string[] = [];
  const mediaExamples = (media: Node, mediaPointer: string, where: string): number => {
    const schemaPointer = `${mediaPointer}/schema`;
    let count = 0;
    if ('example' in media) {
      examples.push({ where, schemaPointer, value: media.example });
      count++;
    }
    for (const [name, raw] of Object.entries((media.examples ?? {}) as Node)) {
      examples.push({ where: `${where} example ${name}`, schemaPointer, value: follow(raw, '').node.value });
      count++;
    }
    return count;
  };
  for (const [path, rawItem] of Object.entries(document.paths as Node)) {
    const item = rawItem as Node;
    const itemPointer = `/paths/${esc(path)}`;
    for (const [method, rawOp] of Object.entries(item)) {
      if (method === 'parameters') continue;
      const op = rawOp as Node;
      const opPointer = `${itemPointer}/${method}`;
      const params = [
        ...((item.parameters as unknown[]) ?? []).map((p, i) => follow(p, `${itemPointer}/parameters/${i}`)),
        ...((op.parameters as unknown[]) ?? []).map((p, i) => follow(p, `${opPointer}/parameters/${i}`)),
      ];
      for (const { node: param, pointer } of params) {
        const where = `${method.toUpperCase()} ${path} parameter ${param.name}`;
        if (!('example' in param) && !('examples' in param)) missing.push(where);
        if ('example' in param) examples.push({ where, schemaPointer: `${pointer}/schema`, value: param.example });
      }
      for (const [status, rawResponse] of Object.entries(op.responses as Node)) {
        const { node: response, pointer } = follow(rawResponse, `${opPointer}/responses/${status}`);
        for (const [mediaType, media] of Object.entries((response.content ?? {}) as Node)) {
          const where = `${method.toUpperCase()} ${path} ${status} ${mediaType}`;
          if (mediaExamples(media as Node, `${pointer}/content/${esc(mediaType)}`, where) === 0) missing.push(where);
        }
      }
      if (op.requestBody) {
        const { node: body, pointer } = follow(op.requestBody, `${opPointer}/requestBody`);
        for (const [mediaType, media] of Object.entries((body.content ?? {}) as Node)) {
          mediaExamples(media as Node, `${pointer}/content/${esc(mediaType)}`, `${path} body ${mediaType}`);
        }
      }
    }
  }
  const visitSchema = (schema: unknown, pointer: string): void => {
    if (!schema || typeof schema !== 'object') return;
    const node = schema as Node;
    if (Array.isArray(node.examples)) {
      node.examples.forEach((value, i) => {
        examples.push({ where: `schema ${pointer} examples[${i}]`, schemaPointer: pointer, value });
      });
    }
    for (const [key, child] of Object.entries((node.properties ?? {}) as Node)) {
      visitSchema(child, `${pointer}/properties/${esc(key)}`);
    }
  };
  for (const [name, schema] of Object.entries(document.components.schemas)) {
    visitSchema(schema, `/components/schemas/${esc(name)}`);
  }
  return { examples, missing };
}

const { examples, missing } = collectExamples();
const validator = createSpecValidator();

describe('examples in the spec', () => {
  it('finds an example for every parameter and every response', () => {
    expect(missing).toEqual([]);
    expect(examples.length).toBeGreaterThan(60);
  });

  it.each(examples.map((e) => [e.where, e] as const))('%s validates against its schema', (_where, example) => {
    expect(validator.validate(example.schemaPointer, example.value)).toEqual([]);
  });

  it('rejects a value that breaks the schema, so the check above can fail', () => {
    expect(validator.validate('/components/schemas/Job', { id: 'job-1', status: 'running' })).not.toEqual([]);
    expect(validator.validate('/components/schemas/Error', { code: 0.5, message: 'x' })).not.toEqual([]);
  });
});
