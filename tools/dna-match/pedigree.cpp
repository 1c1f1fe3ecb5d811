#include "pedigree.h"

#include <utility>

namespace reunite::kinship {

namespace {

constexpr std::pair<Hypothesis, std::string_view> kNames[] = {
    {Hypothesis::kPC, "PC"},     {Hypothesis::kMC, "MC"},
    {Hypothesis::kTrio, "TRIO"}, {Hypothesis::kTrioBoth, "TRIO_BOTH"},
    {Hypothesis::kFS, "FS"},     {Hypothesis::kHS, "HS"},
    {Hypothesis::kGP, "GP"},     {Hypothesis::kAV, "AV"},
    {Hypothesis::kFC, "FC"},
};

constexpr Sex kMale = Sex::kMale;
constexpr Sex kFemale = Sex::kFemale;

}  // namespace

std::optional<Hypothesis> hypothesis_from_name(std::string_view name) {
  for (const auto& [hypothesis, text] : kNames)
    if (name == text) return hypothesis;
  return std::nullopt;
}

std::string_view hypothesis_name(Hypothesis hypothesis) {
  for (const auto& [h, text] : kNames)
    if (h == hypothesis) return text;
  return "?";
}

bool uses_person_c(Hypothesis hypothesis) {
  return hypothesis == Hypothesis::kTrio || hypothesis == Hypothesis::kTrioBoth;
}

int Pedigree::add_founder(Sex sex, Role role) {
  persons.push_back(Person{-1, -1, sex, role});
  return static_cast<int>(persons.size()) - 1;
}

int Pedigree::add_child(int father, int mother, Sex sex, Role role) {
  persons.push_back(Person{father, mother, sex, role});
  return static_cast<int>(persons.size()) - 1;
}

Pedigree related_pedigree(Hypothesis hypothesis) {
  Pedigree ped;
  switch (hypothesis) {
    case Hypothesis::kPC:
    case Hypothesis::kMC:
    case Hypothesis::kTrio:
    case Hypothesis::kTrioBoth: {
      bool a_is_mother = hypothesis == Hypothesis::kMC;
      int father = ped.add_founder(kMale, a_is_mother ? Role::kUntyped : Role::kA);
      Role mother_role = a_is_mother                 ? Role::kA
                         : uses_person_c(hypothesis) ? Role::kC
                                                     : Role::kUntyped;
      int mother = ped.add_founder(kFemale, mother_role);
      ped.add_child(father, mother, kMale, Role::kB);
      break;
    }
    case Hypothesis::kFS: {
      int father = ped.add_founder(kMale), mother = ped.add_founder(kFemale);
      ped.add_child(father, mother, kMale, Role::kA);
      ped.add_child(father, mother, kMale, Role::kB);
      break;
    }
    case Hypothesis::kHS: {
      int father = ped.add_founder(kMale);
      int mother_a = ped.add_founder(kFemale), mother_b = ped.add_founder(kFemale);
      ped.add_child(father, mother_a, kMale, Role::kA);
      ped.add_child(father, mother_b, kMale, Role::kB);
      break;
    }
    case Hypothesis::kGP: {
      int grandfather = ped.add_founder(kMale, Role::kA), grandmother = ped.add_founder(kFemale);
      int father = ped.add_child(grandfather, grandmother, kMale);
      ped.add_child(father, ped.add_founder(kFemale), kMale, Role::kB);
      break;
    }
    case Hypothesis::kAV: {
      int grandfather = ped.add_founder(kMale), grandmother = ped.add_founder(kFemale);
      ped.add_child(grandfather, grandmother, kMale, Role::kA);
      int father = ped.add_child(grandfather, grandmother, kMale);
      int mother = ped.add_founder(kFemale);
      ped.add_child(father, mother, kMale, Role::kB);
      break;
    }
    case Hypothesis::kFC: {
      int grandfather = ped.add_founder(kMale), grandmother = ped.add_founder(kFemale);
      int father_a = ped.add_child(grandfather, grandmother, kMale);
      int father_b = ped.add_child(grandfather, grandmother, kMale);
      int mother_a = ped.add_founder(kFemale), mother_b = ped.add_founder(kFemale);
      ped.add_child(father_a, mother_a, kMale, Role::kA);
      ped.add_child(father_b, mother_b, kMale, Role::kB);
      break;
    }
  }
  return ped;
}

Pedigree unrelated_pedigree(Hypothesis hypothesis) {
  Pedigree ped;
  ped.add_founder(hypothesis == Hypothesis::kMC ? kFemale : kMale, Role::kA);
  if (hypothesis == Hypothesis::kTrio) {
    int father = ped.add_founder(kMale), mother = ped.add_founder(kFemale, Role::kC);
    ped.add_child(father, mother, kMale, Role::kB);
  } else {
    ped.add_founder(kMale, Role::kB);
    if (hypothesis == Hypothesis::kTrioBoth) ped.add_founder(kFemale, Role::kC);
  }
  return ped;
}

}  // namespace reunite::kinship
