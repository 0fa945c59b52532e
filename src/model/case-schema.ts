/**
 * The stored case file as data: a versioned zod schema for bare cases and
 * reproducers. It names no program and only host paths that stay inside the
 * case root the suite creates (DESIGN.md "A stored case file is data").
 */
import { z } from 'zod';
import { FILE_ACCESS_VALUES, OVERLAY2_VALUES, ROOT_TOKEN } from './case.js';
import { REQUIREMENT_IDS, type RequirementId } from './requirements.js';
import { cleanPath } from './resolve.js';
import {
  CASE_LIMITS,
  CASE_ROOTFS,
  CASE_SCHEMA_VERSION,
  TARGET_LABEL,
  hostPathProblem,
  isHostPathAnnotation,
} from './case-rules.js';

/** Annotations that would override runsc's command-line flags when a build allows it; a case never sets them. */
const FLAG_OVERRIDE_PREFIX = 'dev.gvisor.flag.';

const text = z.string().max(CASE_LIMITS.stringLength, `longer than ${CASE_LIMITS.stringLength} characters`);
const nonEmptyText = text.min(1, 'must not be empty');

const hostPath = text.superRefine((p, ctx) => {
  const problem = hostPathProblem(p);
  if (problem !== null) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${JSON.stringify(p)} ${problem}` });
});

const flagsSchema = z
  .object({
    directfs: z.boolean().nullable(),
    overlay2: z.enum(OVERLAY2_VALUES).nullable(),
    fileAccess: z.enum(FILE_ACCESS_VALUES).nullable(),
    fileAccessMounts: z.enum(FILE_ACCESS_VALUES).nullable(),
  })
  .strict();

const mountSchema = z
  .object({
    destination: nonEmptyText,
    type: text.optional(),
    source: hostPath.optional(),
    options: z
      .array(text)
      .max(CASE_LIMITS.optionsPerMount, `more than ${CASE_LIMITS.optionsPerMount} options`)
      .optional(),
  })
  .strict();

const annotationsSchema = z.record(text, text).superRefine((annotations, ctx) => {
  const issue = (message: string, path: string[] = []) => ctx.addIssue({ code: z.ZodIssueCode.custom, path, message });
  const keys = Object.keys(annotations);
  if (keys.length > CASE_LIMITS.annotations) issue(`more than ${CASE_LIMITS.annotations} annotations (${keys.length})`);
  for (const key of keys) {
    const value = annotations[key] as string;
    const problem = isHostPathAnnotation(key) ? hostPathProblem(value) : null;
    if (problem !== null) issue(`${JSON.stringify(value)} ${problem}`, [key]);
    if (key.toLowerCase().startsWith(FLAG_OVERRIDE_PREFIX))
      issue('overrides a runsc flag; a case sets flags only in "flags"', [key]);
  }
});

const fixtureSchema = z
  .object({
    path: nonEmptyText.superRefine((p, ctx) => {
      const clean = cleanPath(p);
      if (p.startsWith('/') || p.includes(ROOT_TOKEN) || clean === '.' || clean === '..' || clean.startsWith('../')) {
        const message = `${JSON.stringify(p)} must be a path strictly inside the case root, without ${ROOT_TOKEN}`;
        ctx.addIssue({ code: z.ZodIssueCode.custom, message });
      }
    }),
    kind: z.enum(['dir', 'file']),
  })
  .strict();

/** Subcontainers a pod case may have, and the form of their names. */
export const POD_LIMITS = { containers: 3, name: /^[a-z][a-z0-9]{0,15}$/ } as const;

const podSchema = z
  .object({
    containers: z
      .array(
        z
          .object({
            name: text.regex(POD_LIMITS.name, 'must be a short lowercase name ([a-z][a-z0-9]{0,15})'),
            mounts: z.array(mountSchema).max(CASE_LIMITS.mounts, `more than ${CASE_LIMITS.mounts} mounts`),
            annotations: annotationsSchema,
            directfsOverride: z.boolean().optional(),
          })
          .strict(),
      )
      .min(1, 'a pod has at least one subcontainer')
      .max(POD_LIMITS.containers, `more than ${POD_LIMITS.containers} subcontainers`)
      .superRefine((cs, ctx) => {
        const names = cs.map((c) => c.name);
        if (new Set(names).size !== names.length)
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'subcontainer names must be unique' });
      }),
  })
  .strict();

const ROOTFS_MESSAGE = `must be "${CASE_ROOTFS}", the suite's own rootfs`;

const versionSchema = z.literal(CASE_SCHEMA_VERSION).optional();

/** A bare case: flags, the varied part of config.json, and the fixtures its sources need. */
export const caseSchema = z
  .object({
    schema: versionSchema,
    flags: flagsSchema,
    spec: z
      .object({
        root: z
          .object({
            path: z.literal(CASE_ROOTFS, { errorMap: () => ({ message: ROOTFS_MESSAGE }) }),
            readonly: z.boolean(),
          })
          .strict(),
        mounts: z.array(mountSchema).max(CASE_LIMITS.mounts, `more than ${CASE_LIMITS.mounts} mounts`),
        annotations: annotationsSchema,
      })
      .strict(),
    fixtures: z.array(fixtureSchema).max(CASE_LIMITS.fixtures, `more than ${CASE_LIMITS.fixtures} fixtures`),
    pod: podSchema.optional(),
  })
  .strict();

/** A reproducer written by `run`: the case plus what it failed; fields other than `case` are for the reader. */
export const reproducerSchema = z.object({
  schema: versionSchema,
  requirement: z
    .enum(REQUIREMENT_IDS as [RequirementId, ...RequirementId[]])
    .nullable()
    .optional(),
  target: z
    .string()
    .regex(TARGET_LABEL, 'names a program or an unknown target; the target is only ever --target on the command line')
    .nullable()
    .optional(),
  seed: z.number().int().nullable().optional(),
  path: text.nullable().optional(),
  origin: text.nullable().optional(),
  detail: z
    .string()
    .max(CASE_LIMITS.stringLength * 16)
    .nullable()
    .optional(),
  case: caseSchema,
});

/** A parsed stored case file. */
export type StoredCaseFile = z.infer<typeof caseSchema> | z.infer<typeof reproducerSchema>;
