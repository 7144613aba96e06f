import { Alert, Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { Fragment, useState } from 'react';
import type { Opinion, WorkPackageDetail } from '../../../../../common/contracts';
import { PROJECT_ROLE_LABELS } from '../../../../../common/vocab';
import { EmptyNote } from '../../../components/ui/EmptyNote';
import { Section } from '../../../components/ui/Section';
import { TierBadge } from '../../../components/ui/TierBadge';
import { formatDateTime } from '../../../lib/format';
import { AnswerList } from './AnswerList';

/** My opinion in full, then everyone's, which stay hidden until I have submitted mine. */
export function OpinionsSection({ detail }: { detail: WorkPackageDetail }) {
  return (
    <Section title="Opinions">
      <MyOpinion opinion={detail.myOpinion} />
      <Text size="sm" fw={600} mt="xs">
        All opinions
      </Text>
      {detail.opinions === null ? (
        <Alert color="gray" variant="light" data-testid="opinions-hidden">
          Other opinions are hidden until you submit your own. Everyone classifies independently, so nobody is swayed by another’s answers.
        </Alert>
      ) : (
        <OpinionsTable opinions={detail.opinions} />
      )}
    </Section>
  );
}

function MyOpinion({ opinion }: { opinion: Opinion | null }) {
  if (!opinion) return <EmptyNote>You have not given an opinion on this work package.</EmptyNote>;
  return (
    <Stack gap="xs" data-testid="my-opinion">
      <Group gap="xs">
        <Text size="sm" fw={600}>
          My opinion
        </Text>
        <TierBadge tier={opinion.tier} />
        {!opinion.current && (
          <Badge color="gray" variant="outline">
            No longer counts
          </Badge>
        )}
        <Text size="xs" c="dimmed">
          Submitted {formatDateTime(opinion.submittedAt)} · round {opinion.round}
        </Text>
      </Group>
      <AnswerList path={opinion.path} questionSetId={opinion.questionSetId} />
      <Explanation text={opinion.explanation} />
    </Stack>
  );
}

/** Why an opinion's answers stand although they contradict the package's findings. */
function Explanation({ text }: { text: string | null }) {
  if (text === null) return null;
  return (
    <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
      <Text span size="sm" fw={600}>
        Explanation against the findings:{' '}
      </Text>
      {text}
    </Text>
  );
}

/** Opinions that count now; earlier rounds and revised opinions stay one click away. */
function OpinionsTable({ opinions }: { opinions: Opinion[] }) {
  const [showEarlier, setShowEarlier] = useState(false);
  const current = opinions.filter((o) => o.current);
  const earlier = opinions.length - current.length;
  return (
    <Stack gap="xs">
      {current.length === 0 ? <EmptyNote>No opinions in this round yet.</EmptyNote> : <OpinionRows opinions={current} label="Opinions" />}
      {earlier > 0 && (
        <Group>
          <Button size="compact-sm" variant="subtle" aria-expanded={showEarlier} onClick={() => setShowEarlier(!showEarlier)}>
            {showEarlier ? 'Hide earlier opinions' : `Show earlier opinions (${earlier})`}
          </Button>
        </Group>
      )}
      {showEarlier && earlier > 0 && <OpinionRows opinions={opinions.filter((o) => !o.current)} label="Earlier opinions" />}
    </Stack>
  );
}

function OpinionRows({ opinions, label }: { opinions: Opinion[]; label: string }) {
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing="xs" aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Classifier</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Tier</Table.Th>
            <Table.Th>Submitted</Table.Th>
            <Table.Th>Current</Table.Th>
            <Table.Th aria-label="Answers" />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {opinions.map((opinion) => (
            <Fragment key={opinion.id}>
              <Table.Tr c={opinion.current ? undefined : 'dimmed'}>
                <Table.Td>{opinion.classifierName}</Table.Td>
                <Table.Td>{PROJECT_ROLE_LABELS[opinion.role]}</Table.Td>
                <Table.Td>
                  <TierBadge tier={opinion.tier} />
                </Table.Td>
                <Table.Td>
                  {formatDateTime(opinion.submittedAt)}
                  <Text size="xs" c="dimmed">
                    round {opinion.round}
                  </Text>
                </Table.Td>
                <Table.Td>{opinion.current ? 'Yes' : 'Superseded'}</Table.Td>
                <Table.Td ta="right">
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    aria-expanded={open === opinion.id}
                    aria-label={`${open === opinion.id ? 'Hide' : 'Show'} answers of ${opinion.classifierName}`}
                    onClick={() => setOpen(open === opinion.id ? null : opinion.id)}
                  >
                    {open === opinion.id ? 'Hide answers' : 'Answers'}
                  </Button>
                </Table.Td>
              </Table.Tr>
              {open === opinion.id && (
                <Table.Tr>
                  <Table.Td colSpan={6} bg="gray.0">
                    <AnswerList path={opinion.path} questionSetId={opinion.questionSetId} />
                    <Explanation text={opinion.explanation} />
                  </Table.Td>
                </Table.Tr>
              )}
            </Fragment>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
