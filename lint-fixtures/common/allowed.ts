// An import common/ may make: the lint run must accept it.
import './vocab/roles';
