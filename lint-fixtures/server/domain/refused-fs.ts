// Planted violation: the lint run must refuse this import from server/domain/ (rule: no-restricted-imports).
import 'node:fs';
