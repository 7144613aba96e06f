/**
 * The `secrets` family: credentials, keys and tokens in text (docs/design.md §7). One detector per
 * file; every finding is `block`, carries a line and column, and never the matched value.
 *
 * Rules: `secrets.private_key`, `secrets.aws_access_key`, `secrets.aws_secret_key`,
 * `secrets.github_token`, `secrets.gitlab_token`, `secrets.slack_token`, `secrets.slack_webhook`,
 * `secrets.google_api_key`, `secrets.stripe_key`, `secrets.npm_token`, `secrets.sendgrid_key`,
 * `secrets.huggingface_token`, `secrets.ai_api_key`, `secrets.jwt`, `secrets.azure_storage_key`,
 * `secrets.bearer_token`, `secrets.credentials_in_url`, `secrets.password_assignment`,
 * `secrets.high_entropy`.
 */
import type { LineDetectorFactory } from '../../engine/types';
import { secretsDetector } from './secrets.check';

/** Credentials, keys and tokens in text. */
export const secretsLineDetectors: LineDetectorFactory[] = [secretsDetector];
