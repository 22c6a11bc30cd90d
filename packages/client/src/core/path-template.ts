/**
 * Fills the path parameters of a request URL, as openapi-fetch's `pathSerializer`. The result is the
 * one openapi-fetch's default serializer gives for the spec's simple `{name}` parameters, but each
 * template is split once and then joined, instead of a regular expression and a string replace on
 * every request, which measurably slows the request that follows. Other styles (`{.name}`,
 * `{;name}`, `{name*}`) and array or object values are left to openapi-fetch's own serializer.
 */
import { defaultPathSerializer } from 'openapi-fetch';

/** A template split at its parameters: literal text at even indices, parameter names at odd ones. */
type Template = readonly string[];

const SIMPLE_NAME = /^[^.;*]+$/;
/** Templates are URLs of the spec's paths under one base URL: a few dozen at most. */
const MAX_TEMPLATES = 256;

export function createPathSerializer(): (pathname: string, params: Record<string, unknown>) => string {
  const templates = new Map<string, Template | null>();

  function templateOf(pathname: string): Template | null {
    let template = templates.get(pathname);
    if (template !== undefined) return template;
    const parts = pathname.split(/\{([^{}]+)\}/);
    template = parts.every((part, i) => i % 2 === 0 || SIMPLE_NAME.test(part)) ? parts : null;
    if (templates.size >= MAX_TEMPLATES) templates.clear();
    templates.set(pathname, template);
    return template;
  }

  return (pathname, params) => {
    const template = templateOf(pathname);
    if (!template) return defaultPathSerializer(pathname, params);
    let url = template[0]!;
    for (let i = 1; i < template.length; i += 2) {
      const name = template[i]!;
      const value = params[name];
      if (typeof value === 'object' && value !== null) return defaultPathSerializer(pathname, params);
      url +=
        value === undefined || value === null ? `{${name}}` : encodeURIComponent(value as string | number | boolean);
      url += template[i + 1];
    }
    return url;
  };
}
