// An import server/jobs/ may make: the lint run must accept it.
import '../commands/context';
