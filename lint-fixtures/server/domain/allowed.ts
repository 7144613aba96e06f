// An import server/domain/ may make: the lint run must accept it.
import '../../common/vocab/roles';
