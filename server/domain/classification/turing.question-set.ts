/**
 * The built-in "turing" question set (docs/design.md §3.2): 14 yes/no questions, 28 paths.
 * Identifiers are stable; the wording and guidance are ours. Loaded into the database by
 * migration; `egress classify --set turing` walks it offline.
 */
import type { QuestionSetDefinition } from '../../../common/contracts/question-sets.contract';

const PERSONAL_DATA_GUIDANCE =
  'Personal data is information about a living person who can be identified from it — directly, or ' +
  'indirectly by linking it with other data, or from synthetic data or a trained model that leaks ' +
  'records. Pseudonymised data is still personal data.';

export const TURING_QUESTION_SET: QuestionSetDefinition = {
  name: 'turing',
  title: 'Turing data classification',
  description: 'Fourteen yes/no questions that place the data handled, generated or combined in a work package into one of five sensitivity tiers.',
  questions: [
    {
      id: 'open_generate_new',
      version: 1,
      text: 'Will this work create new personal data — for example by selecting, sorting, linking or combining records?',
      guidance: `${PERSONAL_DATA_GUIDANCE} Linking two harmless datasets can create personal data that neither held alone.`,
      yes: { question: 'substantial_threat' },
      no: { question: 'closed_personal' },
    },
    {
      id: 'closed_personal',
      version: 1,
      text: 'Does any of the data going in or coming out contain personal data, even if it is already public?',
      guidance: PERSONAL_DATA_GUIDANCE,
      yes: { question: 'public_and_open' },
      no: { question: 'include_commercial' },
    },
    {
      id: 'public_and_open',
      version: 1,
      text: 'Is all of that personal data available to anyone, without conditions or a licence restricting its use?',
      guidance: 'Answer yes only if anybody could obtain and reuse it today — for example a published register with an open licence.',
      yes: { question: 'include_commercial' },
      no: { question: 'no_reidentify' },
    },
    {
      id: 'no_reidentify',
      version: 1,
      text: 'Has the personal data been pseudonymised — direct identifiers removed or replaced?',
      guidance: 'Pseudonymisation lowers the risk but does not make data anonymous: it is still personal data.',
      yes: { question: 'no_reidentify_absolute' },
      no: { question: 'substantial_threat' },
    },
    {
      id: 'no_reidentify_absolute',
      version: 1,
      text: 'Are you absolutely confident that nobody could re-identify anyone from it, whatever other data they hold?',
      guidance: 'Absolute confidence is rare. Consider rare combinations of attributes, small areas and linkable dates.',
      yes: { question: 'include_commercial' },
      no: { question: 'no_reidentify_strong' },
    },
    {
      id: 'no_reidentify_strong',
      version: 1,
      text: 'Are you strongly confident that nobody could re-identify anyone from it with a reasonable effort?',
      guidance: 'Strong confidence means re-identification would need unusual effort, resources or extra data an attacker is unlikely to have.',
      yes: { question: 'include_commercial_personal' },
      no: { question: 'sophisticated_attack' },
    },
    {
      id: 'include_commercial_personal',
      version: 1,
      text: 'Does the work also include commercially confidential material, or legally or politically sensitive information?',
      guidance: 'For example unpublished company figures, material under a non-disclosure agreement, or information about ongoing legal or political matters.',
      yes: { question: 'financial_low_personal' },
      no: { tier: 2 },
    },
    {
      id: 'financial_low_personal',
      version: 1,
      text: 'Are you highly confident that disclosing that material would have only low consequences?',
      guidance: 'Think about financial loss, legal exposure and damage to reputation or relationships if it leaked.',
      yes: { tier: 2 },
      no: { question: 'sophisticated_attack' },
    },
    {
      id: 'include_commercial',
      version: 1,
      text: 'Does the work include commercially confidential material, private intellectual property of a third party, or legally or politically sensitive information?',
      guidance: 'Include anything shared with you under confidence by a company or partner, even if it holds no personal data.',
      yes: { question: 'financial_low' },
      no: { question: 'open_publication' },
    },
    {
      id: 'financial_low',
      version: 1,
      text: 'Are you highly confident that disclosing that material would have only low consequences?',
      guidance: 'Think about financial loss, legal exposure and damage to reputation or relationships if it leaked.',
      yes: { question: 'publishable' },
      no: { question: 'sophisticated_attack' },
    },
    {
      id: 'publishable',
      version: 1,
      text: 'Would the consequences of disclosure be trivial?',
      guidance: 'Trivial means nobody would be meaningfully harmed or embarrassed if it were published tomorrow.',
      yes: { tier: 1 },
      no: { tier: 2 },
    },
    {
      id: 'open_publication',
      version: 1,
      text: "Would releasing the results early harm the team's competitive advantage?",
      guidance: 'If the only reason to keep the outputs private is to publish first, answer yes.',
      yes: { tier: 1 },
      no: { tier: 0 },
    },
    {
      id: 'substantial_threat',
      version: 1,
      text: "Could disclosure substantially threaten the data subjects' safety, health or security?",
      guidance: 'For example data about people in protective programmes, victims of crime, or health conditions that could expose people to harm.',
      yes: { tier: 4 },
      no: { tier: 3 },
    },
    {
      id: 'sophisticated_attack',
      version: 1,
      text: 'Are the people likely to try to obtain this data sophisticated, well resourced and determined?',
      guidance: 'For example organised crime or state actors, rather than opportunists or curious individuals.',
      yes: { tier: 4 },
      no: { tier: 3 },
    },
  ],
};
