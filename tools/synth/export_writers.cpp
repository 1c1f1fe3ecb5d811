#include "export_writers.h"

#include <fmt/format.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <algorithm>

#include "reunite/error.h"

namespace reunite::synth {

ExportFile::ExportFile(const std::string& path, std::string_view encoding) : file_(path) {
  if (encoding == "utf-8") return;
  UErrorCode status = U_ZERO_ERROR;
  converter_ = ucnv_open(std::string(encoding).c_str(), &status);
  if (U_FAILURE(status)) throw FatalError("no converter for " + std::string(encoding));
}

ExportFile::~ExportFile() {
  if (converter_) ucnv_close(converter_);
}

std::uint64_t ExportFile::write_line(std::string_view utf8_line) {
  if (!converter_) {
    file_.write(utf8_line);
  } else {
    icu::UnicodeString text = icu::UnicodeString::fromUTF8(
        icu::StringPiece(utf8_line.data(), static_cast<std::int32_t>(utf8_line.size())));
    UErrorCode status = U_ZERO_ERROR;
    converted_.resize(static_cast<std::size_t>(text.length()) * 4 + 16);
    std::int32_t size =
        ucnv_fromUChars(converter_, converted_.data(), static_cast<std::int32_t>(converted_.size()),
                        text.getBuffer(), text.length(), &status);
    if (U_FAILURE(status)) throw FatalError("cannot encode a row of " + file_.name());
    file_.write(std::string_view(converted_.data(), static_cast<std::size_t>(size)));
  }
  file_.put('\n');
  // A CSV row with a line break inside a quoted cell spans several physical lines; the row's
  // number is the line it starts on.
  std::uint64_t first = lines_ + 1;
  lines_ += 1 + static_cast<std::uint64_t>(std::count(utf8_line.begin(), utf8_line.end(), '\n'));
  return first;
}

std::string csv_row(const std::vector<std::string>& cells) {
  std::string row;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i) row += ',';
    const std::string& cell = cells[i];
    if (cell.find_first_of(",\"\r\n") == std::string::npos) {
      row += cell;
      continue;
    }
    row += '"';
    for (char c : cell) {
      if (c == '"') row += '"';
      row += c;
    }
    row += '"';
  }
  return row;
}

std::string export_locus_name(std::string_view canonical) {
  if (canonical == "PENTA_D") return "Penta D";
  if (canonical == "PENTA_E") return "Penta E";
  if (canonical == "VWA") return "vWA";
  return std::string(canonical);
}

// --- GeneMapper -----------------------------------------------------------------------------

GeneMapperExport::GeneMapperExport(const std::string& path, std::vector<std::string> loci,
                                   int run_size, std::uint64_t seed)
    : file_(path), loci_(std::move(loci)), run_size_(run_size), random_(seed, 7) {
  file_.write_line(
      "Sample Name\tMarker\tDye\tAllele 1\tAllele 2\tSize 1\tSize 2\tHeight 1\tHeight 2");
}

void GeneMapperExport::write_rows(std::string_view sample_name, const ReportedProfile& profile,
                                  bool empty) {
  static constexpr char kDyes[] = {'B', 'G', 'Y', 'R'};
  for (std::size_t l = 0; l < loci_.size(); ++l) {
    const std::string& locus = loci_[l];
    char dye = kDyes[l * 4 / loci_.size()];
    auto it = std::find_if(profile.begin(), profile.end(),
                           [&](const ReportedLocus& r) { return r.name == locus; });
    std::string line = fmt::format("{}\t{}\t{}", sample_name, export_locus_name(locus), dye);
    if (empty || it == profile.end()) {
      file_.write_line(line + "\t\t\t\t\t\t");
      continue;
    }
    // Sizes in base pairs and peak heights in RFU: plausible numbers, ignored by reunite.
    auto size_of = [&](const std::string& allele) {
      double repeats = allele == "X" ? 0 : allele == "Y" ? 1.5 : std::atof(allele.c_str());
      return 80.0 + 60.0 * static_cast<double>(l % 5) + 4.0 * repeats;
    };
    int h1 = 600 + static_cast<int>(random_.below(2400));
    if (it->first == it->second) {
      file_.write_line(
          fmt::format("{}\t{}\t\t{:.1f}\t\t{}\t", line, it->first, size_of(it->first), h1));
    } else {
      int h2 = h1 * (70 + static_cast<int>(random_.below(31))) / 100;
      file_.write_line(fmt::format("{}\t{}\t{}\t{:.1f}\t{:.1f}\t{}\t{}", line, it->first,
                                   it->second, size_of(it->first), size_of(it->second), h1, h2));
    }
  }
}

void GeneMapperExport::write_control(std::string_view name, bool negative) {
  ++controls_;
  // The positive control 9947A's profile is published; any profile serves here, and its
  // alleles never reach a record (ingest skips controls).
  ReportedProfile profile;
  if (!negative)
    for (const std::string& locus : loci_) profile.push_back({locus, "10", "11"});
  write_rows(name, profile, negative);
}

std::uint64_t GeneMapperExport::write_sample(std::string_view sample_name,
                                             const ReportedProfile& profile) {
  if (in_run_ == 0) {
    ++runs_;
    write_control(fmt::format("Ladder_{:03}", runs_), false);
  }
  std::uint64_t first_line = file_.lines() + 1;
  write_rows(sample_name, profile, false);
  if (++in_run_ == run_size_) {
    write_control("9947A", false);
    write_control("NEG", true);
    in_run_ = 0;
  }
  return first_line;
}

void GeneMapperExport::commit() {
  if (in_run_ > 0) {
    write_control("9947A", false);
    write_control("NEG", true);
  }
  file_.commit();
}

// --- wide table -----------------------------------------------------------------------------

WideGenotypeExport::WideGenotypeExport(const std::string& path, std::vector<std::string> id_headers,
                                       std::vector<std::string> loci)
    : file_(path), loci_(std::move(loci)) {
  std::vector<std::string> header = std::move(id_headers);
  for (const std::string& locus : loci_) header.push_back(export_locus_name(locus));
  file_.write_line(csv_row(header));
}

std::vector<std::string> WideGenotypeExport::cells(const std::vector<std::string>& id_cells,
                                                   const ReportedProfile& profile) {
  std::vector<std::string> row = id_cells;
  for (const std::string& locus : loci_) {
    auto it = std::find_if(profile.begin(), profile.end(),
                           [&](const ReportedLocus& r) { return r.name == locus; });
    row.push_back(it == profile.end() ? std::string() : it->first + "," + it->second);
  }
  return row;
}

std::uint64_t WideGenotypeExport::write_sample(const std::vector<std::string>& id_cells,
                                               const ReportedProfile& profile) {
  return file_.write_line(csv_row(cells(id_cells, profile)));
}

std::uint64_t WideGenotypeExport::write_mixture(const std::vector<std::string>& id_cells,
                                                const ReportedProfile& profile) {
  std::vector<std::string> row = cells(id_cells, profile);
  for (std::size_t c = id_cells.size(); c < row.size(); ++c) {
    if (row[c].empty() || loci_[c - id_cells.size()] == "AMEL") continue;
    row[c] += ",99";  // a third allele: a mixture, or a transcription error
    break;
  }
  return file_.write_line(csv_row(row));
}

}  // namespace reunite::synth
