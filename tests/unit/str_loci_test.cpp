#include "reunite/str_loci.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace reunite;

TEST_CASE("locus spellings map to one canonical name") {
  CHECK(canonical_locus_name("Penta D") == "PENTA_D");
  CHECK(canonical_locus_name("PentaD") == "PENTA_D");
  CHECK(canonical_locus_name("penta_d") == "PENTA_D");
  CHECK(canonical_locus_name("PENTA-E") == "PENTA_E");
  CHECK(canonical_locus_name("CSF1P0") == "CSF1PO");
  CHECK(canonical_locus_name("csf1po") == "CSF1PO");
  CHECK(canonical_locus_name("vWA") == "VWA");
  CHECK(canonical_locus_name("THO1") == "TH01");
  CHECK(canonical_locus_name("D22-GATA198B05") == "D22GATA198B05");
  CHECK(canonical_locus_name("FES/FPS") == "FESFPS");
  CHECK(canonical_locus_name("Amelogenin") == "AMEL");
  CHECK(canonical_locus_name("AMEL") == "AMEL");
  CHECK(canonical_locus_name("amel") == "AMEL");
  CHECK_FALSE(canonical_locus_name("D99S999").has_value());
  CHECK_FALSE(canonical_locus_name("").has_value());
}

TEST_CASE("locus facts come from loci.tsv") {
  CHECK(all_loci().size() == 73);  // 72 STRs + AMEL
  CHECK(std::is_sorted(all_loci().begin(), all_loci().end(),
                       [](const LocusInfo& a, const LocusInfo& b) { return a.name < b.name; }));
  CHECK(locus_mutation_rate("FGA") == doctest::Approx(0.0028));
  CHECK_FALSE(locus_mutation_rate("APOAI1").has_value());
  const LocusInfo* penta = find_locus("Penta D");
  REQUIRE(penta != nullptr);
  CHECK(penta->repeat_bp == 5);
  CHECK(penta->in_kit(Kit::kGoldeneye20A));
  CHECK_FALSE(penta->in_kit(Kit::kCodis20));
  CHECK(find_locus("AMEL")->sex_marker);
  CHECK_FALSE(find_locus("TH01")->sex_marker);
}

TEST_CASE("kits") {
  CHECK(kit_from_name("Goldeneye 20A") == Kit::kGoldeneye20A);
  CHECK(kit_from_name("GlobalFiler") == Kit::kGlobalFiler);
  CHECK(kit_from_name("AGCU EX22") == Kit::kExpressmarker22);
  CHECK(kit_from_name("PowerPlex 21") == Kit::kPowerPlex21);
  CHECK_FALSE(kit_from_name("no such kit").has_value());
  auto codis = kit_loci(Kit::kCodis20);
  CHECK(codis.size() == 20);
  CHECK(std::find(codis.begin(), codis.end(), "D18S51") != codis.end());
  auto goldeneye = kit_loci(Kit::kGoldeneye20A);
  CHECK(std::find(goldeneye.begin(), goldeneye.end(), "AMEL") != goldeneye.end());
}

TEST_CASE("alleles") {
  CHECK(Allele::parse("9.3")->text() == "9.3");
  CHECK(Allele::parse(" 09 ")->text() == "9");
  CHECK(Allele::parse("9.0")->text() == "9");
  CHECK(Allele::parse("ol")->text() == "OL");
  CHECK(Allele::parse("x")->text() == "X");
  CHECK(*Allele::parse("31.2")->repeats() == doctest::Approx(31.2));
  CHECK_FALSE(Allele::parse("OL")->repeats().has_value());
  CHECK_FALSE(Allele::parse("").has_value());
  CHECK_FALSE(Allele::parse("9.33").has_value());
  CHECK_FALSE(Allele::parse("abc").has_value());
  CHECK_FALSE(Allele::parse("-1").has_value());
  CHECK(*Allele::parse("9.3") < *Allele::parse("10"));
  CHECK(*Allele::parse("10") < *Allele::parse("OL"));
}

TEST_CASE("genotypes as exports write them") {
  CHECK(parse_genotype("9/9.3").genotype->text() == "9/9.3");
  CHECK(parse_genotype("9.3/9").genotype->text() == "9/9.3");
  CHECK(parse_genotype("12,14").genotype->text() == "12/14");
  CHECK(parse_genotype("22\xEF\xBC\x8C"
                       "24")
            .genotype->text() == "22/24");
  CHECK(parse_genotype("14").genotype->text() == "14/14");
  CHECK(parse_genotype("14 15").genotype->text() == "14/15");
  CHECK(parse_genotype("X/Y").genotype->text() == "X/Y");
  CHECK(parse_genotype("14").genotype->homozygous());
  CHECK_FALSE(parse_genotype("").genotype.has_value());
  auto three = parse_genotype("12/13/14");
  CHECK_FALSE(three.genotype.has_value());
  CHECK(three.error.find("more than two") != std::string::npos);
  CHECK_FALSE(parse_genotype("12/abc").genotype.has_value());
}
