// Planted violation: the lint run must refuse this import from server/jobs/ (rule: import-x/no-restricted-paths).
import '../http/app';
