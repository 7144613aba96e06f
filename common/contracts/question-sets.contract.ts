/**
 * Question sets: the JSON format in which an institution imports its own questionnaire, and
 * the shape the API returns. Each question is a yes/no node whose branches lead to another
 * question or to a tier; the start node is the one no other node points to.
 *
 * Example (a two-question set):
 * {"name":"mini","title":"Mini","questions":[
 *   {"id":"personal","version":1,"text":"Personal data?","guidance":"…",
 *    "yes":{"tier":3},"no":{"question":"public"}},
 *   {"id":"public","version":1,"text":"Already public?","guidance":"…",
 *    "yes":{"tier":0},"no":{"tier":1}}]}
 */
import { z } from 'zod';
import { freeText } from './free-text';

export const questionIdSchema = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'question ids are lower-case letters, digits and underscores');

export const branchSchema = z.union([z.object({ question: questionIdSchema }).strict(), z.object({ tier: z.number().int().min(0).max(4) }).strict()]);
export type Branch = z.infer<typeof branchSchema>;

export const questionSchema = z
  .object({
    id: questionIdSchema,
    version: z.number().int().min(1),
    text: freeText().min(1).max(500),
    guidance: freeText().max(4000).default(''),
    yes: branchSchema,
    no: branchSchema,
  })
  .strict();
export type Question = z.infer<typeof questionSchema>;

export const questionSetDefinitionSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'set names are lower-case letters, digits, - and _'),
    title: freeText().min(1).max(200),
    description: freeText().max(4000).default(''),
    questions: z.array(questionSchema).min(1).max(500),
  })
  .strict();
export type QuestionSetDefinition = z.infer<typeof questionSetDefinitionSchema>;

export const questionSetSchema = questionSetDefinitionSchema.extend({
  id: z.string(),
  version: z.number().int(),
  start: questionIdSchema,
  createdAt: z.string(),
});
export type QuestionSet = z.infer<typeof questionSetSchema>;

/** One answered step of a classification path, pinned to the question's version. */
export const pathStepSchema = z.object({ question: questionIdSchema, version: z.number().int().min(1), answer: z.boolean() }).strict();
export type PathStep = z.infer<typeof pathStepSchema>;
