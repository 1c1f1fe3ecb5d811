#include "clustering.h"

#include <algorithm>
#include <numeric>
#include <tuple>

namespace reunite::dedupe {

namespace {

class DisjointSets {
 public:
  explicit DisjointSets(std::size_t size) : parent_(size) {
    std::iota(parent_.begin(), parent_.end(), 0u);
  }
  std::uint32_t find(std::uint32_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  // The smaller index becomes the root, so a root is its component's smallest member.
  void unite(std::uint32_t x, std::uint32_t y) {
    x = find(x);
    y = find(y);
    if (x == y) return;
    if (y < x) std::swap(x, y);
    parent_[y] = x;
  }

 private:
  std::vector<std::uint32_t> parent_;
};

// Groups links by the component of their endpoints (members sorted, links kept in order).
struct Component {
  std::vector<std::uint32_t> members;
  std::vector<Link> links;
};

// `members` sorted; every link joins two members.
std::vector<Component> components_of(const std::vector<std::uint32_t>& members,
                                     const std::vector<Link>& links) {
  auto local = [&](std::uint32_t record) {
    return static_cast<std::uint32_t>(std::lower_bound(members.begin(), members.end(), record) -
                                      members.begin());
  };
  DisjointSets sets(members.size());
  for (const Link& link : links) sets.unite(local(link.a), local(link.b));
  std::vector<Component> parts;
  std::vector<std::uint32_t> part_of_root(members.size(), 0);
  for (std::uint32_t i = 0; i < members.size(); ++i) {
    std::uint32_t root = sets.find(i);
    if (root == i) {  // roots are the smallest member, so they come first
      part_of_root[i] = static_cast<std::uint32_t>(parts.size());
      parts.emplace_back();
    }
    parts[part_of_root[root]].members.push_back(members[i]);
  }
  for (const Link& link : links)
    parts[part_of_root[sets.find(local(link.a))]].links.push_back(link);
  return parts;
}

bool has_weak_pair(const Component& part, double floor,
                   const std::function<double(std::uint32_t, std::uint32_t)>& probability) {
  for (std::size_t i = 0; i < part.members.size(); ++i)
    for (std::size_t j = i + 1; j < part.members.size(); ++j)
      if (probability(part.members[i], part.members[j]) < floor) return true;
  return false;
}

}  // namespace

ClusteringResult cluster_records(
    std::size_t records, const std::vector<Link>& accepted,
    const std::function<double(std::uint32_t, std::uint32_t)>& probability,
    const ClusteringOptions& options) {
  ClusteringResult result;
  std::vector<std::uint32_t> everyone(records);
  std::iota(everyone.begin(), everyone.end(), 0u);
  std::vector<Component> work = components_of(everyone, accepted);
  DisjointSets final_sets(records);
  while (!work.empty()) {
    Component part = std::move(work.back());
    work.pop_back();
    bool split = false;
    if (part.members.size() >= 3) {
      if (part.members.size() > options.max_checked_size) {
        ++result.unchecked_components;
      } else if (has_weak_pair(part, options.floor, probability)) {
        // Cut the weakest link (the last in (probability, a, b) order among equals) and
        // look at the parts again.
        auto weakest = std::min_element(part.links.begin(), part.links.end(),
                                        [](const Link& x, const Link& y) {
                                          if (x.probability != y.probability)
                                            return x.probability < y.probability;
                                          return std::tie(x.a, x.b) > std::tie(y.a, y.b);
                                        });
        part.links.erase(weakest);
        ++result.links_cut;
        for (Component& piece : components_of(part.members, part.links))
          work.push_back(std::move(piece));
        split = true;
      }
    }
    if (!split)
      for (const Link& link : part.links) final_sets.unite(link.a, link.b);
  }
  result.component.resize(records);
  for (std::uint32_t r = 0; r < records; ++r) result.component[r] = final_sets.find(r);
  return result;
}

}  // namespace reunite::dedupe
