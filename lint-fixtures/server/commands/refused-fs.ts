// Planted violation: the lint run must refuse this import from server/commands/ (rule: no-restricted-imports).
import 'node:fs';
