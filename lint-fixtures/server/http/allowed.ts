// An import server/http/ may make: the lint run must accept it.
import '../commands/context';
