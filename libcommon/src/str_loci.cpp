#include "reunite/str_loci.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <unordered_map>

namespace reunite::embedded {
extern const std::string_view loci_tsv;  // data/loci.tsv, see libcommon/CMakeLists.txt
}

namespace reunite {
namespace {

// Kit columns of loci.tsv, in the order of enum Kit.
constexpr std::array<std::string_view, kKitCount> kKitColumns = {
    "codis20",          "identifiler", "powerplex16",  "powerplex21", "globalfiler",
    "fusion5c",         "fusion6c",    "goldeneye20a", "sinofiler",   "expressmarker22_unverified",
    "ngm_select_dna17", "sureid23comp"};

// Spellings seen in lab exports and kit manuals, as normalised keys (see locus_key()).
struct KitAlias {
  std::string_view key;
  Kit kit;
};
constexpr KitAlias kKitAliases[] = {
    {"CODIS", Kit::kCodis20},
    {"CODIS20", Kit::kCodis20},
    {"IDENTIFILER", Kit::kIdentifiler},
    {"IDENTIFILERPLUS", Kit::kIdentifiler},
    {"POWERPLEX16", Kit::kPowerPlex16},
    {"PP16", Kit::kPowerPlex16},
    {"POWERPLEX16HS", Kit::kPowerPlex16},
    {"POWERPLEX21", Kit::kPowerPlex21},
    {"PP21", Kit::kPowerPlex21},
    {"GLOBALFILER", Kit::kGlobalFiler},
    {"POWERPLEXFUSION", Kit::kFusion5C},
    {"FUSION5C", Kit::kFusion5C},
    {"POWERPLEXFUSION5C", Kit::kFusion5C},
    {"FUSION6C", Kit::kFusion6C},
    {"POWERPLEXFUSION6C", Kit::kFusion6C},
    {"GOLDENEYE20A", Kit::kGoldeneye20A},
    {"GOLDENEYEDNAIDSYSTEM20A", Kit::kGoldeneye20A},
    {"SINOFILER", Kit::kSinofiler},
    {"EXPRESSMARKER22", Kit::kExpressmarker22},
    {"AGCUEX22", Kit::kExpressmarker22},
    {"EX22", Kit::kExpressmarker22},
    {"NGMSELECT", Kit::kNgmSelectDna17},
    {"DNA17", Kit::kNgmSelectDna17},
    {"NGMSELECTDNA17", Kit::kNgmSelectDna17},
    {"SUREID23COMP", Kit::kSureId23Comp},
    {"SUREID23", Kit::kSureId23Comp},
};

// Amelogenin is typed by every kit but is not an STR, so loci.tsv leaves it out.
constexpr std::string_view kAmelAliases[] = {"AMELOGENIN", "AMELO", "AM"};

std::string locus_key(std::string_view spelling) {
  std::string key;
  key.reserve(spelling.size());
  for (char c : spelling) {
    if (c == ' ' || c == '_' || c == '-' || c == '.' || c == '/' || c == '\t') continue;
    key.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  return key;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  while (true) {
    auto at = text.find(separator);
    parts.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return parts;
    text.remove_prefix(at + 1);
  }
}

std::optional<double> parse_double(std::string_view text) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

struct LocusTable {
  std::vector<LocusInfo> loci;
  std::unordered_map<std::string, std::size_t> by_key;

  void add_key(std::string_view spelling, std::size_t index) {
    by_key.emplace(locus_key(spelling), index);
  }
};

int column_of(const std::vector<std::string_view>& header, std::string_view name) {
  auto it = std::find(header.begin(), header.end(), name);
  return it == header.end() ? -1 : static_cast<int>(it - header.begin());
}

LocusInfo parse_locus_row(const std::vector<std::string_view>& cells,
                          const std::vector<std::string_view>& header) {
  auto cell = [&](std::string_view name) -> std::string_view {
    int at = column_of(header, name);
    return at >= 0 && at < static_cast<int>(cells.size()) ? cells[at] : std::string_view{};
  };
  LocusInfo info;
  info.name = cell("locus");
  info.chrom_band = cell("chrom_band");
  info.repeat_bp = static_cast<int>(parse_double(cell("repeat_bp")).value_or(0));
  info.mutation_rate = parse_double(cell("mut_rate_approx"));
  for (int kit = 0; kit < kKitCount; ++kit)
    if (cell(kKitColumns[kit]) == "1") info.kits |= 1u << kit;
  return info;
}

LocusTable build_locus_table() {
  LocusTable table;
  auto lines = split(embedded::loci_tsv, '\n');
  auto header = split(lines.front(), '\t');
  std::vector<std::vector<std::string_view>> rows;
  for (std::size_t i = 1; i < lines.size(); ++i)
    if (!lines[i].empty()) rows.push_back(split(lines[i], '\t'));

  LocusInfo amel{"AMEL", "Xp22.2/Yp11.2", 0, std::nullopt, 0, true};
  for (int kit = 1; kit < kKitCount; ++kit) amel.kits |= 1u << kit;  // not a CODIS core locus
  table.loci.push_back(amel);
  for (const auto& cells : rows) table.loci.push_back(parse_locus_row(cells, header));
  std::sort(table.loci.begin(), table.loci.end(),
            [](const LocusInfo& a, const LocusInfo& b) { return a.name < b.name; });

  for (std::size_t i = 0; i < table.loci.size(); ++i) table.add_key(table.loci[i].name, i);
  int aliases_at = column_of(header, "aliases");
  for (const auto& cells : rows) {
    std::size_t index = table.by_key.at(locus_key(cells[0]));
    if (aliases_at >= 0 && aliases_at < static_cast<int>(cells.size()) &&
        !cells[aliases_at].empty())
      for (auto alias : split(cells[aliases_at], ';')) table.add_key(alias, index);
  }
  std::size_t amel_index = table.by_key.at("AMEL");
  for (auto alias : kAmelAliases) table.add_key(alias, amel_index);
  return table;
}

const LocusTable& locus_table() {
  static const LocusTable table = build_locus_table();
  return table;
}

}  // namespace

std::span<const LocusInfo> all_loci() {
  return locus_table().loci;
}

const LocusInfo* find_locus(std::string_view any_spelling) {
  const auto& table = locus_table();
  auto it = table.by_key.find(locus_key(any_spelling));
  return it == table.by_key.end() ? nullptr : &table.loci[it->second];
}

std::optional<std::string_view> canonical_locus_name(std::string_view any_spelling) {
  const LocusInfo* info = find_locus(any_spelling);
  if (info == nullptr) return std::nullopt;
  return info->name;
}

std::optional<double> locus_mutation_rate(std::string_view any_spelling) {
  const LocusInfo* info = find_locus(any_spelling);
  return info == nullptr ? std::nullopt : info->mutation_rate;
}

std::optional<Kit> kit_from_name(std::string_view any_spelling) {
  std::string key = locus_key(any_spelling);
  for (int kit = 0; kit < kKitCount; ++kit)
    if (key == locus_key(kKitColumns[kit])) return static_cast<Kit>(kit);
  for (const auto& alias : kKitAliases)
    if (key == alias.key) return alias.kit;
  return std::nullopt;
}

std::string_view kit_name(Kit kit) {
  return kKitColumns[static_cast<int>(kit)];
}

std::vector<std::string_view> kit_loci(Kit kit) {
  std::vector<std::string_view> names;
  for (const auto& info : all_loci())
    if (info.in_kit(kit)) names.push_back(info.name);
  return names;
}

}  // namespace reunite

namespace reunite {
namespace {

std::string_view trim_spaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
    text.remove_suffix(1);
  return text;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// "09" -> "9", "9.0" -> "9", "9.3" stays; at most 3 integer digits and one decimal.
std::optional<std::string> canonical_repeat_number(std::string_view text) {
  auto dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view decimal = dot == std::string_view::npos ? "" : text.substr(dot + 1);
  if (whole.empty() || !std::all_of(whole.begin(), whole.end(), is_digit)) return std::nullopt;
  if (dot != std::string_view::npos && (decimal.size() != 1 || !is_digit(decimal[0])))
    return std::nullopt;
  while (whole.size() > 1 && whole.front() == '0') whole.remove_prefix(1);
  if (whole.size() > 3) return std::nullopt;
  std::string canonical(whole);
  if (!decimal.empty() && decimal != "0") canonical.append(".").append(decimal);
  return canonical;
}

}  // namespace

std::optional<Allele> Allele::parse(std::string_view text) {
  text = trim_spaces(text);
  std::string upper = locus_key(text);  // uppercases; "O.L." and "o l" both become OL
  Allele allele;
  if (upper == "OL" || upper == "X" || upper == "Y") {
    allele.text_ = upper;
    return allele;
  }
  auto number = canonical_repeat_number(text);
  if (!number) return std::nullopt;
  allele.text_ = *number;
  allele.repeats_ = parse_double(allele.text_);
  return allele;
}

bool operator<(const Allele& a, const Allele& b) {
  if (a.repeats_ && b.repeats_) return *a.repeats_ < *b.repeats_;
  if (a.repeats_.has_value() != b.repeats_.has_value()) return a.repeats_.has_value();
  return a.text_ < b.text_;
}

Genotype make_genotype(Allele a, Allele b) {
  if (b < a) std::swap(a, b);
  return Genotype{std::move(a), std::move(b)};
}

GenotypeParse parse_genotype(std::string_view text) {
  // Separators: '/', ',', ';', whitespace and the full-width comma / solidus / ideographic
  // comma that Chinese spreadsheets produce (UTF-8 EF BC 8C, EF BC 8F, E3 80 81).
  constexpr std::string_view kWideSeparators[] = {"\xEF\xBC\x8C", "\xEF\xBC\x8F", "\xE3\x80\x81"};
  std::string unified;
  for (std::size_t i = 0; i < text.size();) {
    auto wide = std::find_if(std::begin(kWideSeparators), std::end(kWideSeparators),
                             [&](std::string_view w) { return text.substr(i, w.size()) == w; });
    if (wide != std::end(kWideSeparators)) {
      unified.push_back('/');
      i += wide->size();
    } else {
      unified.push_back(text[i++]);
    }
  }
  std::vector<std::string_view> parts;
  std::string_view rest = unified;
  while (!rest.empty()) {
    auto at = rest.find_first_of("/,; \t");
    if (at != 0) parts.push_back(rest.substr(0, at));
    if (at == std::string_view::npos) break;
    rest.remove_prefix(at + 1);
  }
  if (parts.empty()) return {std::nullopt, "empty genotype"};
  if (parts.size() > 2)
    return {std::nullopt, "more than two alleles in '" + std::string(text) + "'"};
  auto first = Allele::parse(parts[0]);
  auto second = Allele::parse(parts.back());
  if (!first || !second) return {std::nullopt, "invalid allele in '" + std::string(text) + "'"};
  return {make_genotype(std::move(*first), std::move(*second)), {}};
}

}  // namespace reunite
