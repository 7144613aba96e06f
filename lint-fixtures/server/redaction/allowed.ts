// An import server/redaction/ may make: the lint run must accept it.
import '../checks/shared/presets';
