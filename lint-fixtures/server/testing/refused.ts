// Planted violation: the lint run must refuse this import from server/testing/ (rule: import-x/no-restricted-paths).
import '../entrypoints/web';
