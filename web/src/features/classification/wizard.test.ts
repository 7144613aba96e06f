import { describe, expect, it } from 'vitest';
import type { FindingsInView, Question } from '../../../../common/contracts';
import { contradictionsIn } from './wizard';

const question = (id: string) => ({ id, version: 1 }) as Question;
const findings: FindingsInView = {
  families: [{ family: 'pii', files: 2, description: '2 files contain personal identifiers' }],
  unchecked: 0,
  contradictions: [{ question: 'closed_personal', answer: false, families: ['pii'], claim: 'no input is personal data' }],
};

describe('answers that contradict the findings in view', () => {
  it('picks the answers the server’s rules name, and only those', () => {
    const answered = [
      { question: question('open_generate_new'), answer: true },
      { question: question('closed_personal'), answer: false },
    ];
    expect(contradictionsIn(answered, findings).map((c) => c.question)).toEqual(['closed_personal']);
    expect(contradictionsIn([{ question: question('closed_personal'), answer: true }], findings)).toEqual([]);
    expect(contradictionsIn(answered, null)).toEqual([]);
  });
});
