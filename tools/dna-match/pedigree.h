// The hypotheses dna-match tests and the small pedigrees that state them.  Persons A (alleged
// relative), B (child / questioned person) and C (mother or second parent) are typed; the rest
// are untyped founders or links.  HS, GP, AV and FC run through fathers (as forrel's
// halfSibPed(type = "paternal"), linearPed, avuncularPed and cousinPed build them), which
// decides which sex's mutation rate each meiosis uses.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace reunite::kinship {

enum class Hypothesis { kPC, kMC, kTrio, kTrioBoth, kFS, kHS, kGP, kAV, kFC };

std::optional<Hypothesis> hypothesis_from_name(std::string_view name);  // "PC", "TRIO_BOTH", ...
std::string_view hypothesis_name(Hypothesis hypothesis);
// Whether the hypothesis involves person C (TRIO and TRIO_BOTH).
bool uses_person_c(Hypothesis hypothesis);

enum class Sex { kMale, kFemale };
enum class Role { kA, kB, kC, kUntyped };

struct Person {
  int father = -1;  // index into Pedigree::persons, -1 for a founder
  int mother = -1;
  Sex sex = Sex::kMale;
  Role role = Role::kUntyped;

  bool founder() const { return father < 0; }
};

// Parents always come before their children.
struct Pedigree {
  std::vector<Person> persons;

  int add_founder(Sex sex, Role role = Role::kUntyped);
  int add_child(int father, int mother, Sex sex, Role role = Role::kUntyped);
};

// H1: the relationship the hypothesis names.
Pedigree related_pedigree(Hypothesis hypothesis);
// H2: A unrelated to B; for TRIO the undisputed mother C stays B's mother.
Pedigree unrelated_pedigree(Hypothesis hypothesis);

}  // namespace reunite::kinship
