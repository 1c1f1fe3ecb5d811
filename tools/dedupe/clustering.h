// Clusters: connected components of the accepted links (match probability ≥ threshold), with a
// guard against chains.  A component of three or more records is checked by scoring every pair
// of its members (not only the candidates); if some pair's probability is below `floor`, the
// component's weakest accepted link is cut and each part is checked again.  So A–B–C with A and
// C plainly different people becomes {A, B} and {C} (or {A}, {B, C}), never one cluster.
// Components larger than max_checked_size are left as they are (and counted).
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

namespace reunite::dedupe {

struct Link {
  std::uint32_t a = 0, b = 0;
  double probability = 0;
};

struct ClusteringOptions {
  double floor = 0.01;
  std::size_t max_checked_size = 1000;
};

struct ClusteringResult {
  std::vector<std::uint32_t> component;  // per record: the smallest record index in its cluster
  std::uint64_t links_cut = 0;
  std::uint64_t unchecked_components = 0;
};

// `accepted` are the links at or above the threshold; `probability(a, b)` scores any pair.
ClusteringResult cluster_records(
    std::size_t records, const std::vector<Link>& accepted,
    const std::function<double(std::uint32_t, std::uint32_t)>& probability,
    const ClusteringOptions& options);

}  // namespace reunite::dedupe
