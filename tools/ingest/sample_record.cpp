#include "sample_record.h"

#include "record_builder.h"
#include "reunite/json.h"

namespace reunite::ingest {

namespace {

bool is_blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace

std::optional<std::string> SampleLoci::add(std::string locus, Genotype genotype) {
  for (const LocusCall& call : calls_)
    if (call.locus == locus) return "locus " + locus + " typed twice";
  calls_.push_back({std::move(locus), std::move(genotype)});
  return std::nullopt;
}

void append_loci(std::string& out, const SampleLoci& loci) {
  out += ",\"loci\":{";
  bool first = true;
  for (const LocusCall& call : loci.calls()) {
    if (!first) out += ',';
    first = false;
    append_json_string(out, call.locus);
    out += ":[";
    append_json_string(out, call.genotype.first.text());
    out += ',';
    append_json_string(out, call.genotype.second.text());
    out += ']';
  }
  out += '}';
}

std::optional<std::string> canonical_locus(std::string_view spelling) {
  auto name = canonical_locus_name(spelling);
  if (!name) return std::nullopt;
  return std::string(*name);
}

std::optional<Genotype> genotype_from_alleles(const std::vector<std::string_view>& cells,
                                              std::string& error) {
  error.clear();
  std::vector<Allele> alleles;
  for (std::string_view cell : cells) {
    if (is_blank(cell)) continue;
    auto allele = Allele::parse(cell);
    if (!allele) {
      error = "invalid allele";
      return std::nullopt;
    }
    alleles.push_back(std::move(*allele));
  }
  if (alleles.empty()) return std::nullopt;
  if (alleles.size() > 2) {
    error = "more than two alleles";
    return std::nullopt;
  }
  return make_genotype(alleles.front(), alleles.back());
}

std::optional<Genotype> genotype_from_cell(std::string_view cell, std::string& error) {
  error.clear();
  if (is_blank(cell)) return std::nullopt;
  GenotypeParse parsed = parse_genotype(cell);
  if (parsed.genotype) return parsed.genotype;
  // str_loci's message quotes the cell; rejects must not show values, so say only what failed.
  error = parsed.error.starts_with("more than two") ? "more than two alleles" : "invalid allele";
  return std::nullopt;
}

}  // namespace reunite::ingest
