// Planted violation: the lint run must refuse this import from server/commands/ (rule: import-x/no-restricted-paths).
import '../checks/engine/scan-pool';
