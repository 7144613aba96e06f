import { describe, expect, it } from 'vitest';
import { addParticipantRequestSchema, createProjectRequestSchema } from '../../../common/contracts/projects.contract';
import { packageRecheckRequestSchema } from '../../../common/contracts/package-recheck.contract';
import { contractValidator, onOneField } from './contract-form';

describe('contractValidator', () => {
  const validate = contractValidator(createProjectRequestSchema, (v: { name: string; tier: string }) => ({ name: v.name, environmentTier: Number(v.tier) }), {
    name: 'Give the project a name',
  });

  it('passes values that meet the contract', () => {
    expect(validate({ name: 'Study', tier: '2' })).toEqual({});
  });

  it("shows the field's own message where the contract refuses it, and the contract's message elsewhere", () => {
    const errors = validate({ name: '   ', tier: '9' });
    expect(errors.name).toBe('Give the project a name');
    expect(errors.environmentTier).toEqual(expect.any(String));
  });

  it('chooses a message from the request', () => {
    const email = contractValidator(addParticipantRequestSchema, (v: { email: string }) => ({ email: v.email, role: 'researcher' as const }), {
      email: (r) => (r.email.trim() ? 'Enter a valid email address' : "Enter the person's email address"),
    });
    expect(email({ email: '' }).email).toBe("Enter the person's email address");
    expect(email({ email: 'not-an-address' }).email).toBe('Enter a valid email address');
    expect(email({ email: 'ada@example.org' })).toEqual({});
  });

  it("puts the error of a request field named otherwise on the form's one field", () => {
    const reason = onOneField(
      'comment',
      contractValidator(packageRecheckRequestSchema, (v: { comment: string }) => ({ reason: v.comment, version: 1 }), { reason: 'A reason is required' }),
    );
    expect(reason({ comment: ' ' })).toEqual({ comment: 'A reason is required' });
    expect(reason({ comment: 'The preset changed' })).toEqual({});
  });
});
