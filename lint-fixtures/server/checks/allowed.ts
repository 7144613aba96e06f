// An import server/checks/ may make: the lint run must accept it.
import '../../common/contracts/scan.contract';
