#include "reunite/ordered_parallel.h"

namespace reunite {

unsigned available_cores() {
  unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : cores;
}

}  // namespace reunite
