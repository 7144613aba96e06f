import { Alert, Badge, Button, Code, Collapse, Group, List, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { Package } from '../../../../../common/contracts/packages.contract';
import type { Approval, SignOff, SignOffList } from '../../../../../common/contracts/sign-offs.contract';
import type { SignOffRole } from '../../../../../common/vocab/destinations';
import { CheckMark } from '../../../components/ui/CheckMark';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { QueryState } from '../../../components/ui/QueryState';
import { Section } from '../../../components/ui/Section';
import { ApiError } from '../../../lib/api';
import { formatDateTime } from '../../../lib/format';
import { useProject } from '../../../lib/projects';
import { useCurrentSession } from '../../../lib/session';
import { useApproval, useSignOff, useSignOffs, useWithdrawSignOff } from '../../../lib/package-approval';
import { type Person, isStale, missingSignOffSentence, missingSignOffs, signOffOffers, signOffRoleLabel, voidCauseWords, withdrawable } from '../approval-view';
import { PackageActionButton } from './PackageActions';

const STALE_DIGEST = 'sign_off.stale_digest';

/**
 * The sign-off panel (issue 10 §5–§7): every guard of approval as a checklist with what is still
 * missing and who must act (the server's words), the required sign-offs and who signed (voided
 * ones in the history with their cause), the caller's "Sign off" and "Withdraw", and the seed
 * rule that keeps the package inside with its offered move.
 */
export function SignOffPanel({ pkg }: { pkg: Package }) {
  const approval = useApproval(pkg.id);
  const signOffs = useSignOffs(pkg.id);
  return (
    <Section title="Approval">
      <QueryState query={approval} rows={4}>
        {(a) => (
          <QueryState query={signOffs} rows={2}>
            {(list) => <PanelBody pkg={pkg} approval={a} list={list} />}
          </QueryState>
        )}
      </QueryState>
    </Section>
  );
}

/** The seed rule's alert: why the package stays inside and what may be done. */
export function SeedRuleAlert({ pkg, approval }: { pkg: Package; approval: Approval }) {
  const rule = approval.seedRule;
  if (!rule) return null;
  const guard = approval.missing.find((m) => m.code === rule.code);
  return (
    <Alert color="grape" title="This package cannot be approved for release" data-testid="seed-rule" data-code={rule.code}>
      <Stack gap="xs">
        {guard && (
          <Text size="sm">
            The seed’s rule needs: {guard.words}
            {guard.detail ? ` (${guard.detail})` : ''}.
          </Text>
        )}
        <Text size="sm" fw={600} data-testid="seed-rule-words">
          {rule.words.charAt(0).toUpperCase() + rule.words.slice(1)}.
        </Text>
        {rule.code === 'approval.report_tier_inside' && (
          <Text size="sm">Otherwise the items that raise the tier can be removed or redacted (returned to the authors) and the work package reclassified.</Text>
        )}
        {rule.offers.includes('retain') && (
          <Group gap="sm" data-testid="seed-rule-offer">
            {pkg.abilities.retain === true ? (
              <PackageActionButton pkg={pkg} action="retain" />
            ) : (
              <Text size="sm" c="dimmed">
                A reviewer can retain it inside the environment.
              </Text>
            )}
          </Group>
        )}
      </Stack>
    </Alert>
  );
}

function PanelBody({ pkg, approval, list }: { pkg: Package; approval: Approval; list: SignOffList }) {
  const session = useCurrentSession();
  const project = useProject(pkg.projectId);
  const participants: Person[] = (project.data?.participants ?? []).map((p) => ({ userId: p.userId, name: p.name, role: p.role }));
  const me = { userId: session.user.id, role: participants.find((p) => p.userId === session.user.id)?.role ?? null };
  const missingById = new Map(approval.missing.map((m) => [m.id, m]));
  const whoMustSign = missingSignOffs(approval.signOffs.missing, participants);
  const offers = signOffOffers({ approval, abilities: list.abilities });
  const mine = withdrawable(pkg.status, list.signOffs, me.userId);
  const approved = pkg.status === 'approved' || approval.status === 'approved';

  return (
    <Stack gap="sm" data-testid="sign-off-panel">
      <SeedRuleAlert pkg={pkg} approval={approval} />
      {approved ? (
        <Alert color="teal" title="Approved" data-testid="approval-done">
          Every guard holds: the package was approved on content digest <Code>{approval.digest.slice(0, 12)}</Code>.
        </Alert>
      ) : (
        <Text size="sm" c="dimmed">
          The system approves the package by itself once everything below holds.{' '}
          {approval.missing.length === 0 ? 'Nothing is missing.' : `${approval.missing.length} thing${approval.missing.length === 1 ? ' is' : 's are'} still missing.`}
        </Text>
      )}
      <List spacing={6} size="sm" center aria-label="What approval needs" data-testid="approval-guards">
        {approval.guards.map((g) => {
          const missing = missingById.get(g.id);
          return (
            <List.Item key={g.id} icon={<CheckMark done={g.ok} />} data-guard={g.id} data-ok={g.ok}>
              <Text size="sm" c={g.ok ? 'dimmed' : undefined}>
                {g.words}
              </Text>
              {missing?.detail && (
                <Text size="xs" c="orange.8">
                  {missing.detail}
                </Text>
              )}
              {g.id === 'sign_offs_present' && !g.ok && whoMustSign.length > 0 && (
                <List size="xs" withPadding data-testid="who-must-sign">
                  {whoMustSign.map((m) => (
                    <List.Item key={m.role}>{missingSignOffSentence(m)}</List.Item>
                  ))}
                </List>
              )}
            </List.Item>
          );
        })}
      </List>
      <RequiredSignOffs approval={approval} list={list} />
      {(offers.length > 0 || mine.length > 0) && <MySignOff pkg={pkg} digest={list.digest} offers={offers} mine={mine} />}
    </Stack>
  );
}

function RequiredSignOffs({ approval, list }: { approval: Approval; list: SignOffList }) {
  const [showHistory, setShowHistory] = useState(false);
  const live = list.signOffs.filter((s) => s.live);
  const voided = list.signOffs.filter((s) => !s.live);
  return (
    <Stack gap={6}>
      <Group gap="xs">
        <Text size="sm" fw={600}>
          Required sign-offs:
        </Text>
        {approval.signOffs.required.length === 0 ? (
          <Text size="sm" c="dimmed">
            known once the tier is agreed
          </Text>
        ) : (
          approval.signOffs.required.map((role) => {
            const done = !approval.signOffs.missing.some((m) => m.role === role);
            return (
              <Badge key={role} color={done ? 'teal' : 'gray'} variant={done ? 'filled' : 'light'} data-role={role} data-done={done}>
                {signOffRoleLabel(role)}
              </Badge>
            );
          })
        )}
      </Group>
      {live.length > 0 && (
        <List size="sm" spacing={4} data-testid="live-sign-offs">
          {live.map((s) => (
            <List.Item key={s.id}>
              <SignOffLine signOff={s} />
            </List.Item>
          ))}
        </List>
      )}
      {voided.length > 0 && (
        <>
          <Button variant="subtle" size="compact-sm" w="fit-content" onClick={() => setShowHistory((v) => !v)} aria-expanded={showHistory}>
            {showHistory ? 'Hide' : 'Show'} voided sign-offs ({voided.length})
          </Button>
          <Collapse expanded={showHistory}>
            <List size="sm" spacing={4} data-testid="voided-sign-offs">
              {voided.map((s) => (
                <List.Item key={s.id}>
                  <SignOffLine signOff={s} />
                </List.Item>
              ))}
            </List>
          </Collapse>
        </>
      )}
    </Stack>
  );
}

function SignOffLine({ signOff: s }: { signOff: SignOff }) {
  return (
    <Group gap={6} wrap="wrap">
      <Text size="sm" fw={500}>
        {s.userName}
      </Text>
      <Text size="sm">as {signOffRoleLabel(s.role).toLowerCase()},</Text>
      <Text size="sm" c="dimmed">
        signed {formatDateTime(s.signedAt)} (turn {s.turn})
      </Text>
      {s.live && s.bound && (
        <Badge size="sm" color="teal" variant="light">
          Counts
        </Badge>
      )}
      {isStale(s) && (
        <Badge size="sm" color="yellow" variant="light" title="Signed on an earlier content digest">
          On earlier content: does not count
        </Badge>
      )}
      {!s.live && (
        <Text size="sm" c="dimmed">
          — voided {s.voidedAt ? formatDateTime(s.voidedAt) : ''}: {voidCauseWords(s.voidCause)}
        </Text>
      )}
    </Group>
  );
}

function MySignOff({ pkg, digest, offers, mine }: { pkg: Package; digest: string; offers: ReturnType<typeof signOffOffers>; mine: SignOff[] }) {
  const signOff = useSignOff(pkg.id);
  const withdraw = useWithdrawSignOff(pkg.id);
  const [confirming, setConfirming] = useState<SignOffRole | null>(null);
  const stale = signOff.error instanceof ApiError && signOff.error.code === STALE_DIGEST;
  return (
    <Stack gap="xs" data-testid="my-sign-off">
      {stale ? (
        <Alert color="yellow" title="The package changed since you loaded it" data-testid="stale-digest">
          {(signOff.error as ApiError).message}. The panel now shows the current content.
        </Alert>
      ) : (
        <ErrorAlert error={signOff.error} title="Your sign-off was not recorded" />
      )}
      <ErrorAlert error={withdraw.error} title="Your sign-off was not withdrawn" />
      <Group gap="sm">
        {offers.map((o) =>
          o.ready ? (
            <Button
              key={o.role}
              color="teal"
              onClick={() => {
                signOff.reset();
                setConfirming(o.role);
              }}
            >
              Sign off as {signOffRoleLabel(o.role).toLowerCase()}
            </Button>
          ) : (
            <Text key={o.role} size="sm" c="dimmed">
              {o.waitFor}
            </Text>
          ),
        )}
        {mine.map((s) => (
          <Button key={s.id} variant="default" loading={withdraw.isPending && withdraw.variables === s.id} onClick={() => withdraw.mutate(s.id)}>
            Withdraw my sign-off{mine.length > 1 ? ` (${signOffRoleLabel(s.role).toLowerCase()})` : ''}
          </Button>
        ))}
      </Group>
      {confirming && (
        <Modal opened onClose={() => setConfirming(null)} title={`Sign off as ${signOffRoleLabel(confirming).toLowerCase()}`} size="lg">
          <Stack>
            <Text size="sm">
              You confirm that you reviewed this package and that its outputs may leave as they are now. Your sign-off is bound to the content you loaded (digest <Code>{digest.slice(0, 12)}</Code>):
              any change to a file, the context, the removal register, the tier or the destination voids it.
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirming(null)}>
                Cancel
              </Button>
              <Button color="teal" loading={signOff.isPending} onClick={() => signOff.mutate({ role: confirming, digest }, { onSettled: () => setConfirming(null) })}>
                Sign off
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </Stack>
  );
}
