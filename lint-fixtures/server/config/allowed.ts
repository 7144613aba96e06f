// An import server/config/ may make: the lint run must accept it.
import '../../common/vocab/roles';
