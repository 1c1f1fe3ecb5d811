// Header mapping and row layout of reunite-ingest.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "header_mapping.h"
#include "input_format.h"
#include "record_builder.h"
#include "reunite/error.h"

using namespace reunite::ingest;

TEST_CASE("header keys ignore case, spaces, punctuation and full-width forms") {
  CHECK(header_key("Birth_Date") == "birthdate");
  CHECK(header_key("birth.date") == "birthdate");
  CHECK(header_key("ＢＩＲＴＨ　ＤＡＴＥ") == "birthdate");
  CHECK(header_key(" 姓名 ") == "姓名");
}

TEST_CASE("built-in Chinese and English headers") {
  HeaderMapping mapping = HeaderMapping::builtin();
  CHECK(mapping.field_for("姓名") == "name");
  CHECK(mapping.field_for("身份证号码") == "id_number");
  CHECK(mapping.field_for("失踪地点") == "missing_place");
  CHECK(mapping.field_for("Date of Birth") == "birth_date");
  CHECK(mapping.field_for("SampleID") == "sample_id");
  CHECK(mapping.path_for("报案人电话") == FieldPath{"reporter", "phone"});
  CHECK(mapping.field_for("Favourite Colour") == "Favourite Colour");
  // An unmapped header with a dot is not split into a nested object.
  CHECK(mapping.path_for("Sample.File") == FieldPath{"Sample.File", ""});
}

TEST_CASE("--map and --map-file win over the built-in table") {
  HeaderMapping mapping = HeaderMapping::builtin();
  mapping.add_assignment("姓名=child_name");
  mapping.add_tsv("# comment\n发现地址\tseen_place\r\n\nGuardian Phone\treporter.phone\n",
                  "map.tsv");
  CHECK(mapping.field_for("姓名") == "child_name");
  CHECK(mapping.field_for("发现地址") == "seen_place");
  CHECK(mapping.path_for("guardian_phone") == FieldPath{"reporter", "phone"});
  CHECK_THROWS_AS(mapping.add_assignment("no equals sign"), reunite::UsageError);
  CHECK_THROWS_AS(mapping.add_tsv("header only\n", "m.tsv"), reunite::UsageError);
  CHECK_THROWS_AS(mapping.add_assignment("x=a.b.c"), reunite::UsageError);
}

TEST_CASE("row layout: column order, nesting, empty cells, unique names") {
  std::vector<std::optional<FieldPath>> columns{
      FieldPath{"name", ""},          FieldPath{"reporter", "name"}, FieldPath{"phone", ""},
      FieldPath{"reporter", "phone"}, FieldPath{"name", ""},         FieldPath{"id", ""}};
  RowLayout layout(columns, {"kind", "id", "src"});
  CHECK(layout.column_fields() == std::vector<std::string>{"name", "reporter.name", "phone",
                                                           "reporter.phone", "name_2", "id_2"});
  std::vector<std::string_view> cells{"张伟", "李娜", "", "138", "x\"y", "7"};
  std::string out;
  layout.append_fields(out, cells, false);
  CHECK(out ==
        R"(,"name":"张伟","reporter":{"name":"李娜","phone":"138"},"name_2":"x\"y","id_2":"7")");
  out.clear();
  std::vector<std::string_view> sparse{"", "", "", "", "", ""};
  layout.append_fields(out, sparse, false);
  CHECK(out.empty());
  layout.append_fields(out, sparse, true);
  CHECK(out == R"(,"name":"","reporter":{"name":"","phone":""},"phone":"","name_2":"","id_2":"")");
}

TEST_CASE("row layout: a name taken again gets the first free number, however many there are") {
  std::vector<std::optional<FieldPath>> columns;
  for (const char* name : {"a", "a_2", "a", "a", "a_3", "a", "b", "a_3"})
    columns.push_back(FieldPath{name, ""});
  RowLayout layout(columns, {});
  CHECK(layout.column_fields() ==
        std::vector<std::string>{"a", "a_2", "a_3", "a_4", "a_3_2", "a_5", "b", "a_3_3"});
  // 50 000 columns of one name: linear, where counting from 2 each time took minutes
  std::vector<std::optional<FieldPath>> many(50000, FieldPath{"x", ""});
  RowLayout big(many, {"x_7"});
  CHECK(big.column_fields()[5] == "x_6");
  CHECK(big.column_fields()[6] == "x_8");
  CHECK(big.column_fields().back() == "x_50001");
}

TEST_CASE("record frame: derived id and src") {
  SourceFile source = SourceFile::from_input_name("exports/cases.csv");
  RecordFrame frame("case", source);
  std::string out;
  frame.begin_derived(out, 17);
  out += R"(,"name":"x")";
  frame.end(out, 17);
  CHECK(
      out ==
      R"({"kind":"case","id":"cases.csv:17","name":"x","src":{"file":"exports/cases.csv","line":17}})");
  frame.begin_with_id(out, "K-1");
  CHECK(out == R"({"kind":"case","id":"K-1")");
}

TEST_CASE("derived ids of records starting on one line differ") {
  SourceFile source = SourceFile::from_input_name("orders.json");
  RecordFrame frame("case", source);
  LineOrdinal ordinals;
  std::vector<std::string> ids;
  for (std::uint64_t line : {1, 1, 1, 2, 3, 3}) {
    std::string out;
    frame.begin_derived(out, line, ordinals.next(line));
    ids.push_back(out.substr(out.find("\"id\":") + 5));
  }
  CHECK(ids == std::vector<std::string>{R"("orders.json:1")", R"("orders.json:1.2")",
                                        R"("orders.json:1.3")", R"("orders.json:2")",
                                        R"("orders.json:3")", R"("orders.json:3.2")"});
  std::string text = "x:";
  append_derived_line(text, 18446744073709551615u, 18446744073709551615u);
  CHECK(text == "x:18446744073709551615.18446744073709551615");
}

TEST_CASE("formats from extension and content") {
  CHECK(format_from_extension("a/b.CSV") == Format::kCsv);
  CHECK(format_from_extension("b.tsv.zst") == Format::kTsv);
  CHECK(format_from_extension("b.ndjson") == Format::kJsonl);
  CHECK(format_from_extension("lab.xml") == Format::kCmf);
  CHECK_FALSE(format_from_extension("genotypes.txt"));
  CHECK_FALSE(format_from_extension("dir.v2/file"));
  CHECK(format_from_content("  [{\"a\":1}]") == Format::kJson);
  CHECK(format_from_content("{\"a\":1}\n") == Format::kJsonl);
  CHECK(format_from_content("<?xml version=\"1.0\"?>") == Format::kCmf);
  CHECK(format_from_content("a\tb,c\td\n") == Format::kTsv);
  CHECK(format_from_content("a,b\n") == Format::kCsv);
}
