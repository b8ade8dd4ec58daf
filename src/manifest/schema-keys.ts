// Walks the zod schema along a YAML path to find the keys (or enum values) accepted there, for
// "did you mean" suggestions. Zod 4 exposes the structure through `schema.def`.
import type * as z from 'zod';
import type { YamlPath } from './source-map.js';

interface Def {
  readonly type: string;
  readonly shape?: Record<string, z.ZodType>;
  readonly element?: z.ZodType;
  readonly valueType?: z.ZodType;
  readonly innerType?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly items?: readonly z.ZodType[];
  readonly in?: z.ZodType;
  readonly getter?: () => z.ZodType;
}

const defOf = (schema: z.ZodType): Def => schema.def as unknown as Def;

/** The object schemas reachable at `path` (several when a union allows several shapes). */
export function schemasAt(root: z.ZodType, path: YamlPath): z.ZodType[] {
  let current = [root];
  for (const seg of path) current = current.flatMap((s) => unwrap(s)).flatMap((s) => child(s, seg));
  return current.flatMap((s) => unwrap(s));
}

/** Keys a mapping at `path` accepts. */
export function knownKeysAt(root: z.ZodType, path: YamlPath): string[] {
  return schemasAt(root, path).flatMap((s) => Object.keys(defOf(s).shape ?? {}));
}

function unwrap(schema: z.ZodType): z.ZodType[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'default':
    case 'nullable':
    case 'readonly':
      return def.innerType ? unwrap(def.innerType) : [];
    case 'union':
      return (def.options ?? []).flatMap((o) => unwrap(o));
    case 'pipe':
      return def.in ? unwrap(def.in) : [];
    case 'lazy':
      return def.getter ? unwrap(def.getter()) : [];
    default:
      return [schema];
  }
}

function child(schema: z.ZodType, seg: string | number): z.ZodType[] {
  const def = defOf(schema);
  if (def.type === 'object') {
    const next = def.shape?.[String(seg)];
    return next ? [next] : [];
  }
  if (def.type === 'array' && def.element) return [def.element];
  if (def.type === 'tuple' && typeof seg === 'number') {
    const item = def.items?.[seg];
    return item ? [item] : [];
  }
  if (def.type === 'record' && def.valueType) return [def.valueType];
  return [];
}
