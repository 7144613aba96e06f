// An import server/cli/ may make: the lint run must accept it.
import '../commands/context';
