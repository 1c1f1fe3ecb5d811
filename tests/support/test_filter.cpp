// reunite-test-filter: the smallest tool built on libcommon, for the command-level tests of the
// conventions every tool shares (inputs, -o, rejects, stats, exit codes, closed pipes).  Not
// installed.  With --set KEY=JSON it sets a field through RecordEditor.
#include <reunite/json.h>
#include <reunite/tool.h>

#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
  reunite::Tool tool("reunite-test-filter", "Copies valid JSON Lines records (test tool).",
                     "Example: reunite-test-filter --set seen=true in.jsonl");
  std::vector<std::string> sets;
  tool.app()
      .add_option("--set", sets, "Set KEY to the JSON value (KEY=JSON); repeatable")
      ->allow_extra_args(false);
  return tool.run(argc, argv, [&](reunite::Tool& t) {
    auto reader = t.records();
    for (reunite::Record record; reader.next(record);) {
      if (sets.empty()) {
        t.writer().write(record.json);
        continue;
      }
      reunite::RecordEditor edit(record);
      for (const auto& assignment : sets) {
        auto equals = assignment.find('=');
        edit.set(assignment.substr(0, equals), assignment.substr(equals + 1));
      }
      t.writer().write(edit.result());
    }
  });
}
