import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { Component, type ReactNode } from 'react';

interface PageErrorBoundaryProps {
  children: ReactNode;
  /** What "Reload" does; the whole page loads again unless told otherwise. */
  onReload?: () => void;
}

interface PageErrorBoundaryState {
  error: unknown;
}

/**
 * Catches an error thrown while a routed page renders and shows what happened with a "Reload"
 * button, instead of leaving a blank page. The app keys it by path, so moving to another page
 * starts clean.
 */
export class PageErrorBoundary extends Component<PageErrorBoundaryProps, PageErrorBoundaryState> {
  override state: PageErrorBoundaryState = { error: null };

  static getDerivedStateFromError(error: unknown): PageErrorBoundaryState {
    return { error: error ?? new Error('Unknown error') };
  }

  override render(): ReactNode {
    if (this.state.error === null) return this.props.children;
    return <PageErrorFallback error={this.state.error} onReload={this.props.onReload ?? (() => window.location.reload())} />;
  }
}

/** The error's own message when it has one, for the "Details" line. */
export function pageErrorDetail(error: unknown): string | null {
  if (error instanceof Error && error.message) return error.message;
  if (typeof error === 'string' && error) return error;
  return null;
}

interface PageErrorFallbackProps {
  error: unknown;
  onReload: () => void;
}

/** What a page that failed to render shows in its place. */
export function PageErrorFallback({ error, onReload }: PageErrorFallbackProps) {
  const detail = pageErrorDetail(error);
  return (
    <Alert color="red" title="This page could not be shown" role="alert" data-testid="page-error">
      <Stack gap={6}>
        <Text size="sm">Something went wrong while showing this page. Reload it to try again; if it keeps happening, tell your administrator what you were doing.</Text>
        {detail && (
          <Text size="xs" c="dimmed">
            Details: {detail}
          </Text>
        )}
        <Group mt="xs">
          <Button size="xs" variant="light" onClick={onReload}>
            Reload
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
