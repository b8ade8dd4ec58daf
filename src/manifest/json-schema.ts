// `bootgen schema`: the JSON Schema of site.yaml, generated from the zod schema so the two never
// drift. Editors (yaml-language-server) use it for completion and hover docs.
import * as z from 'zod';
import { WrittenSiteSchema } from './schema.js';

export const SCHEMA_ID = 'urn:bootgen:site-v1';

export function siteJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(WrittenSiteSchema, { io: 'input', target: 'draft-2020-12' });
  return { ...schema, $id: SCHEMA_ID, title: 'bootgen site.yaml (version 1)' };
}
