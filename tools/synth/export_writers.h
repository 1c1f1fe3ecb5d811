// The export files of a synthetic world, written a row at a time (memory does not grow with the
// world): CSV tables in UTF-8 or GB18030, JSON Lines, a GeneMapper genotype table and a wide
// genotype table.  Each writer counts physical lines, so the answer file can name the line where
// reunite-ingest will say a row starts.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "random.h"
#include "reunite/io.h"
#include "str_genetics.h"

struct UConverter;

namespace reunite::synth {

class ExportFile {
 public:
  // `encoding`: "utf-8" or "gb18030" (converted by ICU).
  ExportFile(const std::string& path, std::string_view encoding = "utf-8");
  ~ExportFile();
  // Writes one line (without its newline) and returns its line number (1-based); a line holding
  // line breaks (in a quoted CSV cell) counts as the physical lines it spans.
  std::uint64_t write_line(std::string_view utf8_line);
  std::uint64_t lines() const { return lines_; }
  void commit() { file_.commit(); }

 private:
  OutputFile file_;
  UConverter* converter_ = nullptr;
  std::string converted_;
  std::uint64_t lines_ = 0;
};

// One CSV row from UTF-8 cells (RFC 4180 quoting where needed).
std::string csv_row(const std::vector<std::string>& cells);

// GeneMapper ID-X "Genotypes Table": one row per sample and marker, runs of samples that start
// with an allelic ladder and end with a positive and a negative control, as a laboratory
// exports them.
class GeneMapperExport {
 public:
  GeneMapperExport(const std::string& path, std::vector<std::string> loci, int run_size,
                   std::uint64_t seed);
  // Returns the line of the sample's first row.
  std::uint64_t write_sample(std::string_view sample_name, const ReportedProfile& profile);
  void commit();
  std::uint64_t controls() const { return controls_; }

 private:
  void write_control(std::string_view name, bool negative);
  void write_rows(std::string_view sample_name, const ReportedProfile& profile, bool empty);
  ExportFile file_;
  std::vector<std::string> loci_;  // the kit panel the lab types, AMEL included
  int run_size_;
  int in_run_ = 0;
  int runs_ = 0;
  std::uint64_t controls_ = 0;
  Random random_;
};

// One row per sample: identification columns, then one column per locus holding "12,14".
class WideGenotypeExport {
 public:
  WideGenotypeExport(const std::string& path, std::vector<std::string> id_headers,
                     std::vector<std::string> loci);
  std::uint64_t write_sample(const std::vector<std::string>& id_cells,
                             const ReportedProfile& profile);
  // A row with a third allele at one locus (a mixed sample): reunite-ingest rejects it.
  std::uint64_t write_mixture(const std::vector<std::string>& id_cells,
                              const ReportedProfile& profile);
  void commit() { file_.commit(); }

 private:
  std::vector<std::string> cells(const std::vector<std::string>& id_cells,
                                 const ReportedProfile& profile);
  ExportFile file_;
  std::vector<std::string> loci_;
};

// Display names of loci as exports write them ("Penta D", "vWA", "D8S1179", "AMEL").
std::string export_locus_name(std::string_view canonical);

}  // namespace reunite::synth
