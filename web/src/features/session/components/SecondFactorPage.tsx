/** /account/second-factor — one's own second factor: whether it is enrolled or required, recovery codes left, enrol or re-enrol. */
import { Alert, Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { formatDateTime } from '../../../lib/format';
import { useSecondFactorStatus } from '../../../lib/session';
import { EnrolSecondFactor } from './EnrolSecondFactor';

export function SecondFactorPage() {
  const status = useSecondFactorStatus();
  const [enrolling, setEnrolling] = useState(false);
  return (
    <>
      <PageHeader title="Second factor" description="A code from an authenticator app, asked for after your password." />
      <QueryState query={status}>
        {(s) => (
          <Paper withBorder p="md" maw={560}>
            {enrolling ? (
              <EnrolSecondFactor doneLabel="Done" onDone={() => setEnrolling(false)} />
            ) : (
              <Stack>
                <Group>
                  <Badge color={s.enrolled ? 'teal' : 'gray'} variant="light">
                    {s.enrolled ? 'Enrolled' : 'Not enrolled'}
                  </Badge>
                  <Text size="sm">{s.required ? 'Required for your account.' : 'Optional for your account on this installation.'}</Text>
                </Group>
                {s.enrolled && (
                  <Text size="sm">
                    Enrolled {s.enrolledAt ? formatDateTime(s.enrolledAt) : ''}; {s.recoveryCodesLeft} recovery code{s.recoveryCodesLeft === 1 ? '' : 's'} left.
                  </Text>
                )}
                {s.enrolled && s.recoveryCodesLeft <= 2 && (
                  <Alert color="yellow" title="Few recovery codes left">
                    Enrol again to get ten new recovery codes.
                  </Alert>
                )}
                <Group>
                  <Button onClick={() => setEnrolling(true)}>{s.enrolled ? 'Enrol a new phone' : 'Enrol a second factor'}</Button>
                </Group>
              </Stack>
            )}
          </Paper>
        )}
      </QueryState>
    </>
  );
}
