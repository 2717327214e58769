import { z } from 'zod';

/**
 * `agent.yaml`: the Pixell Agent Kit's v1 manifest, plus what Node agents need. Top-level keys
 * are closed, as in the Kit; nested blocks tolerate unknown keys, which the Kit also ignores.
 * Fields the Kit requires for publishing (display_name, author, license) are optional here,
 * because hand-made packages in the field omit them and still ran on the Python PAR.
 */

const reference = z
  .string()
  .trim()
  .min(1, 'expected a module reference such as dist/agent.js#handler');

/** A relative POSIX path that stays inside the package (`ui.path`, `mcp.config_file`). */
const packagePath = z
  .string()
  .trim()
  .min(1)
  .refine(
    (text) =>
      !text.startsWith('/') &&
      !/^[A-Za-z]:/.test(text) &&
      !text.includes('\\') &&
      !text.split('/').includes('..'),
    'expected a relative path inside the package (no leading /, drive letter, \\ or ..)'
  );

/**
 * The Kit's pip requirement pattern: a name, optional [extras], an operator, a version starting
 * with a digit, optional environment markers. Bare names, dotted names and npm specs fail, as
 * they do in the Kit; Node agents declare dependencies in package.json instead.
 */
const pipRequirement =
  /^[A-Za-z0-9_-]+(\[[A-Za-z0-9_,\s-]+\])?\s*(>=|==|<=|>|<|~=|!=)\s*\d[^\s;]*(\s*;.*)?$/;

const subAgentSchema = z.looseObject({
  name: z.string().min(1),
  description: z.string().optional(),
  endpoint: z.string().optional(),
  capabilities: z.array(z.string()).optional(),
  public: z.boolean().optional(),
});

/** The Kit's runtime enum, plus node22 (the Node extension). */
export const runtimeNames = ['node18', 'node20', 'node22', 'python3.9', 'python3.11', 'go1.21'];

/** Keys the Kit keeps under `metadata`; authors often put them at the top level by mistake. */
export const metadataOnlyKeys = ['sub_agents', 'extensive_description', 'usage_guide', 'examples'];

export const manifestSchema = z
  .strictObject({
    version: z.union([z.string(), z.number()]).optional(),
    name: z
      .string()
      .regex(
        /^[a-z][a-z0-9-]*$/,
        'expected lowercase letters, digits and -, starting with a letter'
      ),
    display_name: z.string().optional(),
    description: z.string().optional(),
    author: z.string().optional(),
    license: z.string().optional(),
    entrypoint: reference.optional(),
    capabilities: z.array(z.string()).optional(),
    runtime: z
      .union([z.enum(runtimeNames as [string, ...string[]]), z.record(z.string(), z.unknown())])
      .optional(),
    environment: z.record(z.string(), z.string()).optional(),
    dependencies: z
      .array(z.string().regex(pipRequirement, 'expected a pip requirement such as requests>=2.31'))
      .optional(),
    mcp: z
      .looseObject({ enabled: z.boolean().optional(), config_file: packagePath.optional() })
      .superRefine((mcp, ctx) => {
        if (mcp.enabled === true && mcp.config_file === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['config_file'],
            message: 'expected a config_file when mcp.enabled is true',
          });
        }
      })
      .optional(),
    metadata: z
      .looseObject({
        version: z.union([z.string(), z.number()]).optional(),
        homepage: z.string().optional(),
        repository: z.string().optional(),
        tags: z.array(z.string()).optional(),
        sub_agents: z.array(subAgentSchema).optional(),
        extensive_description: z.string().optional(),
        usage_guide: z.string().optional(),
        examples: z.array(z.looseObject({ title: z.string(), code: z.string() })).optional(),
      })
      .optional(),
    a2a: z.looseObject({ service: reference.optional() }).nullable().optional(),
    rest: z.looseObject({ entry: reference }).optional(),
    ui: z.looseObject({ path: packagePath, basePath: z.string().optional() }).optional(),
    ui_spec_version: z.string().optional(),
    // Node-only settings; the Kit has no such block.
    node: z.looseObject({ install_scripts: z.boolean().optional() }).optional(),
    required_ui_capabilities: z.array(z.string()).optional(),
  })
  .superRefine((manifest, ctx) => {
    const hasSurface = manifest.a2a != null || manifest.rest != null || manifest.ui != null;
    if (manifest.entrypoint === undefined && !hasSurface) {
      ctx.addIssue({
        code: 'custom',
        path: ['entrypoint'],
        message: 'expected an entrypoint, or at least one of a2a, rest or ui',
      });
    }
  });

export type RawManifest = z.output<typeof manifestSchema>;
