// Planted violation: the lint run must refuse this import from server/ports/ (rule: import-x/no-restricted-paths).
import '../config/config';
