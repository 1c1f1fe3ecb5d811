// `reunite-dna-match eval`: each record names a hypothesis and the people in it,
//   {"id":"K001","hypothesis":"TRIO","a":{"loci":{...}},"b":{"loci":{...}},"c":{"loci":{...}}}
// (a the alleged relative, b the child, c the mother or second parent), and is written back
// with "lr" (total), "log10_lr" and "lr_loci" (locus -> LR), computed by kinship_lr(): the
// general method, exact to forrel.  For recomputing one case, not for searching.
#pragma once

#include <string>

#include "kinship_settings.h"
#include "reunite/record_stream.h"

namespace reunite::kinship {

struct EvalOutcome {
  std::string json;   // the record with its results, when error is empty
  std::string error;  // why the record cannot be evaluated (no genotypes in it)
};

EvalOutcome evaluate_record(Record& record, const KinshipSettings& settings);

}  // namespace reunite::kinship
