// An import server/commands/ may make: the lint run must accept it.
import '../ports/clock';
