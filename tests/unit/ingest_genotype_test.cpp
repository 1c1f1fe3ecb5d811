// STR genotype inputs of reunite-ingest: allele cells, locus headers, GeneMapper and CMF.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cmf.h"
#include "csv_reader.h"
#include "genemapper.h"
#include "genotype_table.h"
#include "sample_record.h"
#include "test_data.h"

using namespace reunite::ingest;

namespace {

std::string file_bytes(const std::string& name) {
  return reunite::testing::test_data_bytes("ingest/" + name);
}

std::string loci_json(const SampleLoci& loci) {
  std::string out;
  append_loci(out, loci);
  return out;
}

std::string cell(std::string_view text) {
  std::string error;
  auto genotype = genotype_from_cell(text, error);
  if (!error.empty()) return "error: " + error;
  return genotype ? genotype->text() : "none";
}

struct GeneMapperRun {
  std::vector<GeneMapperSample> samples;
  std::vector<std::pair<std::uint64_t, std::string>> rejects;
  std::vector<std::string> controls;
};

GeneMapperRun run_genemapper(const std::string& text) {
  StringSource source(text);
  CsvOptions options;
  options.delimiter = '\t';
  CsvReader reader(source, options);
  CsvRow header_row;
  REQUIRE(reader.next(header_row));
  std::vector<std::string> header(header_row.fields.begin(), header_row.fields.end());
  GeneMapperRun run;
  GeneMapperEvents events;
  events.sample = [&](const GeneMapperSample& s) { run.samples.push_back(s); };
  events.reject = [&](const CsvRow& row, const std::string& reason) {
    run.rejects.emplace_back(row.line, reason);
  };
  events.control = [&](std::string_view name) { run.controls.emplace_back(name); };
  read_genemapper(reader, header, std::nullopt, "invalid UTF-8", events);
  return run;
}

}  // namespace

TEST_CASE("genotype cells: separators, homozygotes, OL, X/Y") {
  CHECK(cell("12,14") == "12/14");
  CHECK(cell("14/12") == "12/14");
  CHECK(cell("22，24") == "22/24");
  CHECK(cell("9;9.3") == "9/9.3");
  CHECK(cell("30 31.2") == "30/31.2");
  CHECK(cell("14") == "14/14");
  CHECK(cell("X") == "X/X");
  CHECK(cell("x,y") == "X/Y");
  CHECK(cell("OL,12") == "12/OL");
  CHECK(cell("") == "none");
  CHECK(cell("12,13,14") == "error: more than two alleles");
  CHECK(cell("12,abc") == "error: invalid allele");
}

TEST_CASE("allele columns: empty cells, one allele, too many") {
  std::string error;
  auto g = genotype_from_alleles({"14", ""}, error);
  REQUIRE(g);
  CHECK(g->text() == "14/14");
  CHECK_FALSE(genotype_from_alleles({"", " "}, error));
  CHECK(error.empty());
  CHECK_FALSE(genotype_from_alleles({"8", "9", "10"}, error));
  CHECK(error == "more than two alleles");
}

TEST_CASE("locus headers of wide tables") {
  CHECK(locus_column("D8S1179")->allele == 0);
  CHECK(locus_column("Penta D")->locus == *canonical_locus("PENTA_D"));
  CHECK(locus_column("Amelogenin")->locus == "AMEL");
  CHECK(locus_column("D8S1179_1")->allele == 1);
  CHECK(locus_column("D21S11_2")->locus == "D21S11");
  CHECK(locus_column("vWA Allele 2")->allele == 2);
  CHECK(locus_column("TH01.1")->allele == 1);
  CHECK_FALSE(locus_column("SampleID"));
  CHECK_FALSE(locus_column("Kit"));
  std::vector<std::string_view> header{"Sample", "TH01", "", "FGA"};
  auto columns = locus_columns(header);
  CHECK(columns[1]->allele == 1);
  CHECK(columns[2]->allele == 2);
  CHECK(columns[3]->allele == 0);
}

TEST_CASE("wide tables: one column per locus and two columns per locus") {
  std::vector<std::string_view> header{"Sample Name", "D8S1179_1", "D8S1179_2",
                                       "vWA_1",       "vWA_2",     "TH01"};
  CHECK(looks_like_wide_genotype_table(header));
  WideGenotypes wide(locus_columns(header));
  SampleLoci loci;
  std::vector<std::string_view> row{"S1", "12", "14", "14", "", "9,9.3"};
  CHECK_FALSE(wide.read_row(row, loci));
  std::string vwa = *canonical_locus("vWA");
  CHECK(loci_json(loci) ==
        R"(,"loci":{"D8S1179":["12","14"],")" + vwa + R"(":["14","14"],"TH01":["9","9.3"]})");
  std::vector<std::string_view> bad{"S2", "12", "1x", "", "", ""};
  CHECK(*wide.read_row(bad, loci) == "locus D8S1179: invalid allele");
  CHECK_FALSE(
      looks_like_wide_genotype_table(std::vector<std::string_view>{"姓名", "性别", "TH01"}));
}

TEST_CASE("GeneMapper: rows grouped per sample, ladders and controls skipped") {
  std::string text = file_bytes("genemapper.txt");
  std::vector<std::string_view> header{"Sample File", "Sample Name", "Marker", "Allele 1"};
  CHECK(looks_like_genemapper_table(header));
  GeneMapperRun run = run_genemapper(text);
  REQUIRE(run.samples.size() == 3);
  CHECK(run.samples[0].name == "SYN-CHILD-0003");
  CHECK(run.samples[0].line == 9);
  CHECK(run.samples[0].loci.calls().size() == 7);
  CHECK(loci_json(run.samples[1].loci).find(R"("AMEL":["X","X"])") != std::string::npos);
  CHECK(loci_json(run.samples[1].loci).find(R"(["9","9"])") != std::string::npos);
  CHECK(loci_json(run.samples[0].loci).find(R"(["9","OL"])") != std::string::npos);
  CHECK(run.controls == std::vector<std::string>{"Allelic Ladder", "Positive Control", "NEG CTRL"});
  REQUIRE(run.rejects.size() == 1);
  CHECK(run.rejects[0].first == 38);
  CHECK(run.rejects[0].second == "marker D8S1179: invalid allele");
  CHECK(run.samples[2].loci.calls().size() == 6);
}

TEST_CASE("GeneMapper after R: Sample.Name, Sample.Type, quoted cells") {
  GeneMapperRun run = run_genemapper(file_bytes("genemapper_r.txt"));
  REQUIRE(run.samples.size() == 1);
  CHECK(run.samples[0].name == "SYN-CHILD-0004");
  CHECK(loci_json(run.samples[0].loci) ==
        R"(,"loci":{"D8S1179":["13","13"],"CSF1PO":["10","12"],"AMEL":["X","X"]})");
  CHECK(run.controls.size() == 2);
}

TEST_CASE("GeneMapper: allele columns in number order, however long the number") {
  // "Allele 99999999999999999999" once threw std::out_of_range from std::stoi (fuzzing found it).
  GeneMapperRun run = run_genemapper(
      "Sample Name\tMarker\tAllele 99999999999999999999\tAllele 10\tAllele 002\n"
      "S1\tTH01\t\t\t9.3\n"
      "S1\tFGA\t22\t\t24\n"
      "S2\tTH01\t6\t7\t8\n");
  REQUIRE(run.samples.size() == 1);
  CHECK(loci_json(run.samples[0].loci) == R"(,"loci":{"TH01":["9.3","9.3"],"FGA":["22","24"]})");
  REQUIRE(run.rejects.size() == 1);
  CHECK(run.rejects[0].second == "marker TH01: more than two alleles");
}

TEST_CASE("control names") {
  CHECK(is_control_sample("Allelic Ladder", ""));
  CHECK(is_control_sample("PC", ""));
  CHECK(is_control_sample("neg ctrl", ""));
  CHECK(is_control_sample("9947A", ""));
  CHECK(is_control_sample("X-17", "Negative Control"));
  CHECK_FALSE(is_control_sample("Ladder-look-alike", "Sample"));
  CHECK_FALSE(is_control_sample("SYN-CHILD-0001", ""));
  CHECK_FALSE(is_control_sample("Pang Wei", ""));
}

TEST_CASE("CODIS CMF: specimens, fields, loci, lines, rejects") {
  std::string text = file_bytes("cmf.xml");
  text.erase(0, 3);  // the BOM: TextSource strips it before CMF parsing
  std::vector<CmfSpecimen> specimens;
  std::vector<std::pair<std::uint64_t, std::string>> rejects;
  CmfEvents events;
  events.specimen = [&](const CmfSpecimen& s) { specimens.push_back(s); };
  events.reject = [&](std::uint64_t line, const std::string& reason, std::string_view) {
    rejects.emplace_back(line, reason);
  };
  read_cmf(text, events);
  REQUIRE(specimens.size() == 2);
  CHECK(specimens[0].line == 11);
  CHECK(specimens[0].fields.front() ==
        std::pair<std::string, std::string>{"sample_id", "SYN-UHR-0001"});
  CHECK(specimens[0].fields[1].second == "Missing Person");
  CHECK(loci_json(specimens[0].loci).find(R"("TH01":["9.3","9.3"])") != std::string::npos);
  CHECK(loci_json(specimens[1].loci).find(R"("TH01":["9.3","OL"])") != std::string::npos);
  REQUIRE(rejects.size() == 1);
  CHECK(rejects[0].second == "locus D8S1179: more than two alleles");

  rejects.clear();
  read_cmf("<CODISImportFile>\n<SPECIMEN>\n</CODIS>", events);
  REQUIRE(rejects.size() == 1);
  CHECK(rejects[0].first == 3);
}
