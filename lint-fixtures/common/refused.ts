// Planted violation: the lint run must refuse this import from common/ (rule: import-x/no-restricted-paths).
import '../server/domain/errors';
