// reunite-pseudonymize: replaces names, ID numbers and phone numbers (and their normalized
// forms) with keyed HMAC-SHA256 tokens, so agencies can share records that still link.
// Options → key file → RecordPseudonymizer → pseudonymize_stream().
#include <reunite/error.h>
#include <reunite/tool.h>

#include <CLI/CLI.hpp>

#include "key_file.h"
#include "pseudonymize_stream.h"

namespace {

constexpr const char* kExamples = R"(Examples:
  reunite-pseudonymize --generate-key agency.key
      a new random key, readable by its owner only; give it to the agencies that share
  reunite-normalize cases.jsonl | reunite-pseudonymize --key-file agency.key > cases.shared.jsonl
      names, ID numbers and phones (raw and normalized) replaced by tokens
  reunite-pseudonymize --key-file agency.key --field mother.phone=phone --drop marks in.jsonl
      one more field to tokenize, and a free-text field removed
  cat ours.shared.jsonl theirs.shared.jsonl | reunite-dedupe
      records of two agencies, pseudonymized with one key, link on the tokens)";

}  // namespace

int main(int argc, char** argv) {
  using namespace reunite::pseudonymize;
  reunite::Tool tool("reunite-pseudonymize",
                     "Replaces names, ID numbers and phone numbers in records with keyed "
                     "HMAC-SHA256 tokens that still link across agencies sharing the key.",
                     kExamples);
  CLI::App& app = tool.app();
  std::string key_path, new_key_path;
  KeyFileOptions key_options;
  std::vector<std::string> fields;
  PseudonymizeOptions options;
  bool only = false;
  app.add_option("-k,--key-file", key_path,
                 "The secret key (hexadecimal text, at least 32 bytes; mode 600)")
      ->type_name("FILE");
  app.add_option("--generate-key", new_key_path,
                 "Write a new random key to FILE (mode 600, never overwritten) and exit")
      ->type_name("FILE");
  app.add_flag("--allow-readable-key", key_options.allow_readable,
               "Use a key file that group or others may access (with a warning)");
  app.add_option("-f,--field", fields,
                 "Also pseudonymize PATH (a.b for nested) as KIND: name, id_number, phone, "
                 "text (the default) or exact")
      ->allow_extra_args(false)
      ->type_name("PATH[=KIND]");
  app.add_flag("--only", only, "Pseudonymize only the --field fields, none of the default ones");
  app.add_option("--drop", options.drop, "Remove PATH (and its normalized forms) from records")
      ->allow_extra_args(false)
      ->type_name("PATH");
  app.add_option("--keep", options.keep,
                 "Leave PATH (and its normalized forms) in clear, on purpose")
      ->allow_extra_args(false)
      ->type_name("PATH");
  app.add_flag("--keep-id-derived", options.keep_id_derived,
               "Keep the birth date, sex and region that normalize read from ID numbers");

  return tool.run(argc, argv, [&](reunite::Tool& t) {
    if (!new_key_path.empty()) {
      if (!key_path.empty() || !t.options().inputs.empty())
        throw reunite::UsageError(
            "--generate-key writes a key and reads no records: give it alone");
      generate_key_file(new_key_path);
      t.note("wrote a new key to " + new_key_path);
      return;
    }
    if (key_path.empty())
      throw reunite::UsageError("give --key-file FILE (make a key with --generate-key FILE)");
    if (only) options.fields.clear();
    for (const auto& field : fields) set_field_rule(options.fields, parse_field_rule(field));
    if (options.fields.empty() && options.drop.empty() && options.keep.empty())
      throw reunite::UsageError("--only: give the fields to pseudonymize with --field");
    LoadedKey loaded = load_key_file(key_path, key_options);
    if (!loaded.warning.empty()) t.note("warning: " + loaded.warning);
    TokenMaker tokens(loaded.key);
    RecordPseudonymizer pseudonymizer(options, tokens);
    pseudonymize_stream(t, pseudonymizer);
  });
}
