// Planted violation: the lint run must refuse this import from server/db/ (rule: import-x/no-restricted-paths).
import '../commands/context';
